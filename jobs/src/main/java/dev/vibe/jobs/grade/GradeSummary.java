package dev.vibe.jobs.grade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.grading.stats.ProblemScore;
import dev.vibe.grading.stats.RunScore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The scores of one run's grades, per kind (math, code): pass@k with the unbiased estimator, maj@n (majority vote
 * over the normalised extracted answers; math only, code has no answer to vote on) and mean accuracy over the
 * samples (avg@n, VibeThinker's reported figure), each the mean over problems ({@link RunScore}). Only counted
 * samples take part (not UNGRADABLE, not SANDBOX_ERROR); a problem without one is left out and reported.
 *
 * @param runId the generation run graded
 * @param grades samples graded (latest grade of each)
 * @param verdicts samples by verdict
 * @param graderVersions the grader versions that made them (more than one: a mixed re-grade)
 * @param byKind scores by kind, over problems with at least one counted sample
 * @param ungradedProblems problems with no counted sample, by kind
 */
public record GradeSummary(String runId, int grades, Map<String, Long> verdicts, List<String> graderVersions,
        Map<String, RunScore> byKind, Map<String, Integer> ungradedProblems) {

    /** File of the summary beside the grades: {@code OUT/grades/run=<id>/summary.json}. */
    public static final String FILE = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Summaries of every run under {@code OUT/grades}. */
    public static List<GradeSummary> read(Path out) {
        List<GradeSummary> runs = new ArrayList<>();
        GradedSamples.byRun(out.resolve("grades")).forEach((run, rows) -> runs.add(of(run, rows)));
        return runs;
    }

    public static GradeSummary of(String runId, List<GradedSamples.Row> rows) {
        Map<String, Long> verdicts = rows.stream().collect(Collectors.groupingBy(GradedSamples.Row::verdict,
                TreeMap::new, Collectors.counting()));
        List<String> versions = List.copyOf(rows.stream().map(GradedSamples.Row::graderVersion)
                .collect(Collectors.toCollection(TreeSet::new)));
        Map<String, Map<String, List<ProblemScore.Sample>>> samples = new TreeMap<>();
        Map<String, TreeSet<String>> problems = new TreeMap<>();
        for (GradedSamples.Row r : rows) {
            problems.computeIfAbsent(r.kind(), k -> new TreeSet<>()).add(r.problemId());
            if (r.counted()) {
                samples.computeIfAbsent(r.kind(), k -> new TreeMap<>())
                        .computeIfAbsent(r.problemId(), k -> new ArrayList<>())
                        .add(new ProblemScore.Sample(r.sampleIndex(), r.answerKey(), r.correct()));
            }
        }
        Map<String, RunScore> byKind = new LinkedHashMap<>();
        Map<String, Integer> ungraded = new LinkedHashMap<>();
        for (Map.Entry<String, TreeSet<String>> kind : problems.entrySet()) {
            Map<String, List<ProblemScore.Sample>> counted = samples.getOrDefault(kind.getKey(), Map.of());
            List<ProblemScore> scores = counted.entrySet().stream()
                    .map(e -> ProblemScore.of(e.getKey(), e.getValue())).toList();
            if (!scores.isEmpty()) {
                byKind.put(kind.getKey(), new RunScore(scores));
            }
            int without = kind.getValue().size() - counted.size();
            if (without > 0) {
                ungraded.put(kind.getKey(), without);
            }
        }
        return new GradeSummary(runId, rows.size(), verdicts, versions, byKind, ungraded);
    }

    /** Whether maj@n means something for {@code kind}: only math answers are voted on. */
    static boolean voted(String kind) {
        return "math".equals(kind);
    }

    /** The summary for a person: one line per kind, then the verdict counts; a problem table on request. */
    public String format(boolean perProblem) {
        StringBuilder b = new StringBuilder();
        long counted = byKind.values().stream().flatMap(s -> s.problems().stream()).mapToLong(ProblemScore::samples)
                .sum();
        b.append("run ").append(runId).append(": ").append(grades).append(" samples graded, ").append(counted)
                .append(" counted; grader ").append(String.join(", ", graderVersions)).append('\n');
        byKind.forEach((kind, score) -> {
            int n = score.problems().stream().mapToInt(ProblemScore::samples).min().orElse(0);
            b.append(String.format(Locale.ROOT, "  %-5s %d problems, %d samples: avg@%d %s", kind,
                    score.problems().size(), score.problems().stream().mapToInt(ProblemScore::samples).sum(), n,
                    pct(score.meanAccuracy())));
            if (voted(kind)) {
                b.append(String.format(Locale.ROOT, "  maj@%d %s", n, pct(score.majority())));
            }
            for (int k : score.reportedK()) {
                b.append(String.format(Locale.ROOT, "  pass@%d %s", k, pct(score.passAt(k))));
            }
            b.append('\n');
        });
        ungradedProblems.forEach((kind, n) -> b.append(String.format(Locale.ROOT,
                "  %-5s %d problems without a gradable sample (left out of the scores)%n", kind, n)));
        b.append("  verdicts: ").append(verdicts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))).append('\n');
        if (perProblem) {
            b.append(String.format(Locale.ROOT, "  %-24s %-5s %7s %7s %8s %8s  %s%n", "problem", "kind", "samples",
                    "correct", "avg", "pass@1", "majority answer"));
            byKind.forEach((kind, score) -> score.problems().stream()
                    .sorted(Comparator.comparing(ProblemScore::problemId)).forEach(p -> b.append(String.format(
                            Locale.ROOT, "  %-24s %-5s %7d %7d %8s %8s  %s%n", p.problemId(), kind, p.samples(),
                            p.correct(), pct(p.meanAccuracy()), pct(p.passAt(1)), voted(kind)
                                    ? p.majorityAnswer() + (p.majorityCorrect() ? " (correct)" : " (wrong)") : "-"))));
        }
        return b.toString();
    }

    /** The summary as JSON: figures as fractions in [0, 1]. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_id", runId).put("grades", grades);
        graderVersions.forEach(root.putArray("grader_versions")::add);
        ObjectNode v = root.putObject("verdicts");
        verdicts.forEach(v::put);
        ObjectNode kinds = root.putObject("kinds");
        byKind.forEach((kind, score) -> {
            ObjectNode k = kinds.putObject(kind);
            k.put("problems", score.problems().size())
                    .put("samples", score.problems().stream().mapToInt(ProblemScore::samples).sum())
                    .put("correct", score.problems().stream().mapToInt(ProblemScore::correct).sum())
                    .put("mean_accuracy", score.meanAccuracy());
            if (voted(kind)) {
                k.put("maj_at_n", score.majority());
            }
            ObjectNode pass = k.putObject("pass_at_k");
            score.reportedK().forEach(n -> pass.put(String.valueOf(n), score.passAt(n)));
            var list = k.putArray("per_problem");
            for (ProblemScore p : score.problems()) {
                ObjectNode o = list.addObject().put("problem_id", p.problemId()).put("samples", p.samples())
                        .put("correct", p.correct()).put("mean_accuracy", p.meanAccuracy())
                        .put("pass_at_1", p.passAt(1));
                if (voted(kind)) {
                    o.put("majority_answer", p.majorityAnswer()).put("majority_correct", p.majorityCorrect());
                }
            }
        });
        ObjectNode ungraded = root.putObject("problems_without_gradable_sample");
        ungradedProblems.forEach(ungraded::put);
        return root;
    }

    /** Writes {@link #toJson()} to {@code OUT/grades/run=<id>/summary.json} and returns that path. */
    public Path write(Path out) {
        Path file = out.resolve("grades").resolve("run=" + runId).resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), toJson());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String pct(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
