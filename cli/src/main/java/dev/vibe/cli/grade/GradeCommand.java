package dev.vibe.cli.grade;

import dev.vibe.cli.Common;
import dev.vibe.cli.JobOptionSpecs;
import dev.vibe.cli.Progress;
import dev.vibe.jobs.generate.GenerateJob;
import dev.vibe.jobs.generate.JobJar;
import dev.vibe.jobs.grade.GradeJob;
import dev.vibe.jobs.grade.GradeOptions;
import dev.vibe.jobs.grade.SolutionFiles;
import dev.vibe.operators.grade.GradeProgress;
import dev.vibe.pipeline.GradingSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vibe grade}: the grading job on an embedded Flink MiniCluster (default) or a cluster ({@code --cluster}),
 * with a progress bar, then the scores of the grades written (pass@k, maj@n, avg@n per run and kind). Its options
 * are the job's {@link GradeOptions}.
 */
@Command(name = "grade", modelTransformer = GradeCommand.JobOptions.class,
        description = {"Grade generated solutions on Flink: math answers against the reference, code in sandboxes.",
            "Input: --in DIR (the --out of vibe generate) or --kafka BOOTSTRAP --topic T [--bounded].",
            "Output: OUT/grades/run=ID/*.parquet and summary.json (pass@k, maj@n, avg@n); dead letters in"
                + " OUT/rejected/. --summary-only --out DIR reprints the scores of existing grades."})
public final class GradeCommand implements Callable<Integer> {

    private static final long POLL_MILLIS = 250;

    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Override
    public Integer call() throws Exception {
        Configuration config = Configuration.fromMap(JobOptionSpecs.given(spec, GradeOptions.ALL));
        boolean perProblem = config.get(GradeOptions.PER_PROBLEM);
        if (config.get(GradeOptions.SUMMARY_ONLY)) {
            Path out = Path.of(config.getOptional(GradeOptions.OUT)
                    .orElseThrow(() -> new IllegalArgumentException("--out is required")));
            GradeJob.summarize(out, null, perProblem, System.out);
            return 0;
        }
        GradingSettings settings = GradeJob.toSettings(config);
        String cluster = config.getOptional(GradeOptions.CLUSTER).orElse(null);
        StreamExecutionEnvironment env = cluster != null
                ? GenerateJob.remoteEnvironment(cluster, JobJar.locate())
                : GenerateJob.localEnvironment(settings.parallelism());
        long start = System.nanoTime();
        long graded = run(env, settings);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "graded %d samples in %.1f s (%.2f samples/s, job start-up included)%n",
                graded, seconds, graded / seconds);
        GradeJob.summarize(settings.out(), null, perProblem, System.out);
        return 0;
    }

    /**
     * Runs the job to its end with a bar over the samples graded (counted in this JVM: embedded cluster only).
     *
     * @return samples graded (0 on a cluster, whose subtasks count in their own JVMs)
     */
    private static long run(StreamExecutionEnvironment env, GradingSettings settings) throws Exception {
        long total = settings.solutions() != null ? SolutionFiles.rows(settings.solutions()) : -1;
        AtomicLong graded = GradeProgress.of(settings.runId());
        JobClient client = GradeJob.start(env, settings);
        CompletableFuture<?> done = client.getJobExecutionResult();
        try (ProgressBar bar = Progress.bar("grade " + settings.runId(), total, "samples")) {
            while (true) {
                try {
                    done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    bar.stepTo(graded.get());
                    return graded.get();
                } catch (TimeoutException stillRunning) {
                    bar.stepTo(graded.get());
                }
            }
        } finally {
            GradeProgress.forget(settings.runId());
        }
    }

    /** Adds one picocli option per job option. */
    public static final class JobOptions implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return JobOptionSpecs.addTo(spec, GradeOptions.ALL, GradeOptions.FLAGS);
        }
    }
}
