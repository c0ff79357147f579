package dev.vibe.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** How every job of this project runs: bounded input in BATCH mode, unbounded in STREAMING with checkpoints. */
final class ExecutionModes {

    private ExecutionModes() {
    }

    /**
     * BATCH for bounded input; otherwise STREAMING with exactly-once checkpoints every {@code checkpointInterval}
     * (the Parquet FileSink commits files only on checkpoints).
     */
    static void configure(StreamExecutionEnvironment env, boolean bounded, Duration checkpointInterval,
            int parallelism) {
        env.setRuntimeMode(bounded ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        if (!bounded) {
            env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        env.setParallelism(parallelism);
    }
}
