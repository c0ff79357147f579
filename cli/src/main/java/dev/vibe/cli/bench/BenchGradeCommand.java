package dev.vibe.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.cli.Common;
import dev.vibe.cli.Progress;
import dev.vibe.grading.code.CodeJudge;
import dev.vibe.grading.math.LabelledCase;
import dev.vibe.grading.math.MathGrader;
import dev.vibe.grading.math.MathGraderBenchmark;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Grading throughput: math checks per second over the labelled equivalence set, and the code judge's fixed cost
 * per test run (an empty Python program through the whole sandbox). A benchmark: it prints figures, asserts
 * nothing.
 */
@Command(name = "grade", description = "Benchmark math checks per second and the judge's fixed cost per run.")
public final class BenchGradeCommand implements Runnable {

    @Mixin
    Common common;

    @Option(names = "--rounds", defaultValue = "3", description = "Passes over the labelled set (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads", defaultValue = "2", description = "Grading threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--judge-runs", defaultValue = "20",
            description = "Trivial sandbox runs to time; 0 skips the judge (default: ${DEFAULT-VALUE}).")
    int judgeRuns;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public void run() {
        try {
            List<LabelledCase> cases = LabelledCase.bundled();
            MathGraderBenchmark.Result math;
            try (MathGrader grader = MathGrader.builder().build()) {
                MathGraderBenchmark.run(grader, cases, 1, threads); // warm-up: class loading, Symja start-up
                math = MathGraderBenchmark.run(grader, cases, rounds, threads);
            }
            double[] judgeMillis = judgeRuns > 0 ? timeJudge() : new double[0];
            print(math, judgeMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private double[] timeJudge() throws InterruptedException {
        double[] millis = new double[judgeRuns];
        try (CodeJudge judge = CodeJudge.builder().build();
                ProgressBar bar = Progress.bar("judge fixed cost", judgeRuns, "runs")) {
            judge.runTrivial(); // warm-up: page cache, interpreter files
            for (int i = 0; i < judgeRuns; i++) {
                long start = System.nanoTime();
                judge.runTrivial();
                millis[i] = (System.nanoTime() - start) / 1e6;
                bar.step();
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private void print(MathGraderBenchmark.Result math, double[] judgeMillis) {
        double median = judgeMillis.length == 0 ? Double.NaN : judgeMillis[judgeMillis.length / 2];
        double p90 = judgeMillis.length == 0 ? Double.NaN : judgeMillis[(int) Math.floor(0.9 * (judgeMillis.length - 1))];
        if (json) {
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("math_checks", math.checks());
            out.put("math_threads", math.threads());
            out.put("math_checks_per_s", math.checksPerSecond());
            out.put("math_agreement", math.agreement());
            out.put("math_timeouts", math.timeouts());
            out.put("judge_runs", judgeMillis.length);
            out.put("judge_fixed_cost_median_ms", median);
            out.put("judge_fixed_cost_p90_ms", p90);
            System.out.println(out.toPrettyString());
            return;
        }
        System.out.println("math:  " + math);
        if (judgeMillis.length > 0) {
            System.out.printf(Locale.ROOT, "judge: fixed cost per test run (empty Python program in the sandbox), "
                    + "%d runs: median %.1f ms, p90 %.1f ms, min %.1f ms%n", judgeMillis.length, median, p90,
                    judgeMillis[0]);
        }
    }
}
