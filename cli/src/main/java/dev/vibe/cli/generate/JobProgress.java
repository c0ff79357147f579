package dev.vibe.cli.generate;

import dev.vibe.cli.Progress;
import dev.vibe.jobs.generate.GenerateJob;
import dev.vibe.jobs.generate.InputSize;
import dev.vibe.operators.metrics.LiveProgress;
import dev.vibe.operators.metrics.RunCounters;
import dev.vibe.pipeline.GenerationOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a generation job and shows its progress in samples: on the embedded MiniCluster from the JVM-local counters
 * the operators share ({@link LiveProgress}), on a cluster from the job's accumulators. The total is problems x
 * samples when the input is files (counted before the start), unknown for Kafka.
 */
final class JobProgress {

    private static final long POLL_MILLIS = 250;

    private JobProgress() {
    }

    static JobExecutionResult run(StreamExecutionEnvironment env, GenerationOptions options, boolean local)
            throws Exception {
        long records = options.problems() != null ? InputSize.records(options.problems()) : -1;
        long total = records < 0 ? -1 : records * options.samples();
        LiveProgress live = LiveProgress.of(options.runId());
        JobClient client = GenerateJob.start(env, options);
        CompletableFuture<JobExecutionResult> done = client.getJobExecutionResult();
        try (ProgressBar bar = Progress.bar("generate " + options.runId(), total, "samples")) {
            while (true) {
                try {
                    JobExecutionResult result = done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    bar.maxHint(Math.max(total, bar.getCurrent()));
                    bar.stepTo(total >= 0 ? total : bar.getCurrent());
                    return result;
                } catch (TimeoutException stillRunning) {
                    long finished = local ? finished(live, options.samples()) : finished(client);
                    if (finished >= 0) {
                        bar.stepTo(finished);
                    }
                    bar.setExtraMessage(local ? " " + live.generatedTokens() + " tokens" : "");
                }
            }
        } finally {
            LiveProgress.forget(options.runId());
        }
    }

    /** Samples done one way or another; a rejected input counts as its n samples. */
    private static long finished(LiveProgress live, int samples) {
        return live.done() + live.inputsRejected() * samples;
    }

    /** Rows, skipped and rejected samples from a cluster job's accumulators; -1 when they cannot be read now. */
    private static long finished(JobClient client) {
        try {
            Map<String, Object> acc = client.getAccumulators().get(5, TimeUnit.SECONDS);
            long rows = RunCounters.byKey(acc, RunCounters.ROWS).values().stream().mapToLong(Long::longValue).sum();
            return rows + RunCounters.get(acc, RunCounters.SAMPLES_SKIPPED)
                    + RunCounters.get(acc, RunCounters.SAMPLES_REJECTED);
        } catch (Exception e) {
            return -1;
        }
    }
}
