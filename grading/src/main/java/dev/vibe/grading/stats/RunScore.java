package dev.vibe.grading.stats;

import java.util.List;
import java.util.TreeSet;

/** A run's scores: each figure is the mean over problems of the per-problem figure. */
public record RunScore(List<ProblemScore> problems) {

    public RunScore {
        problems = List.copyOf(problems);
    }

    /** pass@k over the problems that have at least k samples; NaN when none has. */
    public double passAt(int k) {
        return problems.stream().filter(p -> p.samples() >= k).mapToDouble(p -> p.passAt(k)).average()
                .orElse(Double.NaN);
    }

    /** maj@n: the share of problems whose majority answer is correct. */
    public double majority() {
        return problems.stream().mapToDouble(p -> p.majorityCorrect() ? 1 : 0).average().orElse(Double.NaN);
    }

    /** avg@n: mean accuracy over samples, averaged over problems. */
    public double meanAccuracy() {
        return problems.stream().mapToDouble(ProblemScore::meanAccuracy).average().orElse(Double.NaN);
    }

    /** The k worth printing: 1, 2, 4, … up to the smallest sample count, and that count itself. */
    public List<Integer> reportedK() {
        int min = problems.stream().mapToInt(ProblemScore::samples).min().orElse(0);
        TreeSet<Integer> ks = new TreeSet<>();
        for (int k = 1; k <= min; k *= 2) {
            ks.add(k);
        }
        if (min > 0) {
            ks.add(min);
        }
        return List.copyOf(ks);
    }
}
