package dev.vibe.grading.stats;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scores of one problem over its graded samples: pass@k, maj@k and mean accuracy (what VibeThinker's authors
 * report as avg@k, their "pass@1").
 *
 * @param problemId the problem
 * @param samples graded samples
 * @param correct samples graded correct
 * @param majorityAnswer the most frequent extracted answer (ties: the one first seen by sample index); null when
 *     no sample had an answer
 * @param majorityCorrect whether the samples giving the majority answer were graded correct
 */
public record ProblemScore(String problemId, int samples, int correct, String majorityAnswer,
        boolean majorityCorrect) {

    /** One graded sample: its index, its answer key (normalised extracted answer, null when none), its grade. */
    public record Sample(int sampleIndex, String answerKey, boolean correct) {
    }

    /** Scores one problem's samples. */
    public static ProblemScore of(String problemId, List<Sample> samples) {
        Objects.requireNonNull(problemId, "problemId");
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("problem " + problemId + " has no graded samples");
        }
        List<Sample> ordered = samples.stream().sorted(Comparator.comparingInt(Sample::sampleIndex)).toList();
        Map<String, Integer> votes = new LinkedHashMap<>(); // insertion order = first seen by sample index
        Map<String, Boolean> answerCorrect = new HashMap<>();
        int correct = 0;
        for (Sample s : ordered) {
            if (s.correct()) {
                correct++;
            }
            if (s.answerKey() != null) {
                votes.merge(s.answerKey(), 1, Integer::sum);
                answerCorrect.merge(s.answerKey(), s.correct(), Boolean::logicalOr);
            }
        }
        String best = null;
        int bestVotes = 0;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) { // strictly more: ties keep the answer seen first
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return new ProblemScore(problemId, ordered.size(), correct, best,
                best != null && answerCorrect.get(best));
    }

    public double passAt(int k) {
        return PassAtK.estimate(samples, correct, k);
    }

    /** Mean accuracy over the samples (avg@n). */
    public double meanAccuracy() {
        return (double) correct / samples;
    }
}
