package dev.vibe.jobs.generate;

import dev.vibe.pipeline.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What the STREAMING generation ITs share: a restarting environment, and waiting for committed rows. */
final class StreamingRuns {

    private StreamingRuns() {
    }

    /** The MiniCluster's environment with a fixed-delay restart strategy (the test cluster has none). */
    static StreamExecutionEnvironment restartingEnvironment(int attempts, Duration delay) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        env.configure(restarts);
        return env;
    }

    /** Waits up to 3 minutes until {@code out} holds {@code expected} committed solution rows. */
    static void awaitCommitted(Path out, long expected, JobClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (committedRows(out) < expected) {
            failIfJobEnded(client);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + committedRows(out) + " of " + expected + " rows committed in 3 min");
            }
            Thread.sleep(300);
        }
    }

    /** A streaming job that ended by itself failed: its cause chain is the test's failure. */
    static void failIfJobEnded(JobClient client) {
        if (!client.getJobExecutionResult().isDone()) {
            return;
        }
        try {
            client.getJobExecutionResult().get();
        } catch (Exception e) {
            StringBuilder causes = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                causes.append("\n  ").append(t);
            }
            throw new AssertionError("the job ended:" + causes, e);
        }
        throw new AssertionError("the streaming job finished by itself");
    }

    /** Solution rows in committed (visible) Parquet files under {@code out}. */
    static long committedRows(Path out) {
        if (!Files.isDirectory(out.resolve("solutions"))) {
            return 0;
        }
        try {
            return ((Number) ParquetFiles.query(out.resolve("solutions"), "SELECT count(*) AS n FROM {files}")
                    .get(0).get("n")).longValue();
        } catch (Exception noFilesYet) {
            return 0;
        }
    }
}
