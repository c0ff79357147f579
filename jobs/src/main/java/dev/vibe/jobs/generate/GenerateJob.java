package dev.vibe.jobs.generate;

import dev.vibe.operators.grade.GraderSettings;
import dev.vibe.pipeline.GenerationOptions;
import dev.vibe.pipeline.GenerationPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The generation job: {@code flink run vibe-jobs-…-flink.jar --problems … --model … --out …} (the jar's main
 * class), and what {@code bin/vibe generate} runs on an embedded MiniCluster or submits with {@code --cluster}.
 * Options: {@link GenerateOptions}.
 */
public final class GenerateJob {

    private GenerateJob() {
    }

    public static void main(String[] args) throws Exception {
        Configuration config = JobArguments.parse(args);
        GenerationOptions options = toOptions(config, null);
        StreamExecutionEnvironment env = config.getOptional(GenerateOptions.CLUSTER).isPresent()
                ? remoteEnvironment(config.get(GenerateOptions.CLUSTER), JobJar.locate())
                : StreamExecutionEnvironment.getExecutionEnvironment();
        GenerationPipeline.build(env, options);
        long start = System.nanoTime();
        JobExecutionResult result = env.execute(jobName(options));
        System.out.println(RunSummary.of(options, result.getAllAccumulatorResults(),
                Duration.ofNanos(System.nanoTime() - start)).format());
    }

    /** Starts the job on {@code env} without waiting; the caller follows it through the client. */
    public static JobClient start(StreamExecutionEnvironment env, GenerationOptions options) throws Exception {
        GenerationPipeline.build(env, options);
        return env.executeAsync(jobName(options));
    }

    /** An embedded MiniCluster with one TaskManager of {@code parallelism} slots (all subtasks share one engine). */
    public static StreamExecutionEnvironment localEnvironment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    /** A remote session cluster at {@code host:port} (the JobManager's REST port), shipping {@code jobJar}. */
    public static StreamExecutionEnvironment remoteEnvironment(String hostPort, Path jobJar) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--cluster must be host:port, got '" + hostPort + "'");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--cluster must be host:port, got '" + hostPort + "'");
        }
        return StreamExecutionEnvironment.createRemoteEnvironment(hostPort.substring(0, colon), port,
                jobJar.toString());
    }

    public static String jobName(GenerationOptions options) {
        return "vibe generate " + options.runId();
    }

    /**
     * Validated settings from job options.
     *
     * @param defaultModel the model when {@code --model} is absent, or null to require it
     */
    public static GenerationOptions toOptions(Configuration c, Path defaultModel) {
        GenerationOptions.Builder b = GenerationOptions.builder();
        c.getOptional(GenerateOptions.PROBLEMS).ifPresent(p -> b.setProblems(Path.of(p)));
        if (c.getOptional(GenerateOptions.KAFKA).isPresent() || c.getOptional(GenerateOptions.TOPIC).isPresent()) {
            b.setKafka(c.get(GenerateOptions.KAFKA), c.get(GenerateOptions.TOPIC));
        }
        b.optBounded(c.get(GenerateOptions.BOUNDED));
        b.setOut(Path.of(c.getOptional(GenerateOptions.OUT)
                .orElseThrow(() -> new IllegalArgumentException("--out is required"))));
        String model = c.getOptional(GenerateOptions.MODEL).orElse(defaultModel == null ? null : defaultModel.toString());
        if (model == null) {
            throw new IllegalArgumentException("--model is required");
        }
        b.setModelDir(Path.of(model));
        c.getOptional(GenerateOptions.RUN_ID).ifPresent(b::optRunId);
        if (c.get(GenerateOptions.NO_SYSTEM_PROMPT) && c.getOptional(GenerateOptions.SYSTEM_PROMPT).isPresent()) {
            throw new IllegalArgumentException("give either --system-prompt or --no-system-prompt, not both");
        }
        c.getOptional(GenerateOptions.SYSTEM_PROMPT).ifPresent(b::optSystemPrompt);
        c.getOptional(GenerateOptions.PROMPT_TEMPLATE).ifPresent(f -> b.optPromptTemplate(readTemplate(Path.of(f))));
        if (c.get(GenerateOptions.GRADE)) {
            b.optGrader(GraderSettings.defaults());
        }
        return b.optSamples(c.get(GenerateOptions.SAMPLES))
                .optTemperature(c.get(GenerateOptions.TEMPERATURE))
                .optTopP(c.get(GenerateOptions.TOP_P))
                .optTopK(c.get(GenerateOptions.TOP_K))
                .optMaxNewTokens(c.get(GenerateOptions.MAX_NEW_TOKENS))
                .optSeed(c.get(GenerateOptions.SEED))
                .optDevice(c.get(GenerateOptions.DEVICE))
                .optDataType(c.getOptional(GenerateOptions.DTYPE).orElse(null))
                .optSlots(c.get(GenerateOptions.SLOTS))
                .optParallelism(c.get(GenerateOptions.PARALLELISM))
                .optAsyncCapacity(c.get(GenerateOptions.ASYNC_CAPACITY))
                .optRequestTimeout(c.get(GenerateOptions.REQUEST_TIMEOUT))
                .optCheckpointInterval(c.get(GenerateOptions.CHECKPOINT_INTERVAL))
                .optFailOnceAfter(c.get(GenerateOptions.FAIL_ONCE_AFTER))
                .build();
    }

    private static String readTemplate(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read prompt template " + file + ": " + e.getMessage(), e);
        }
    }
}
