package dev.vibe.pipeline;

import dev.vibe.operators.fanout.PromptFormat;
import dev.vibe.operators.grade.GraderSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable settings of one generation run, validated when built ({@code set…} required, {@code opt…} optional).
 * Input is either problem files ({@link Builder#setProblems}) or a Kafka topic ({@link Builder#setKafka}); a file
 * input, or a topic read with {@code bounded}, runs in BATCH mode, an unbounded topic in STREAMING mode with
 * checkpoints.
 */
public final class GenerationOptions {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path problems;
    private final String kafkaBootstrap;
    private final String kafkaTopic;
    private final boolean bounded;
    private final Path out;
    private final Path modelDir;
    private final String runId;
    private final int samples;
    private final double temperature;
    private final double topP;
    private final int topK;
    private final int maxNewTokens;
    private final long seed;
    private final PromptFormat promptFormat;
    private final String device;
    private final String dataType;
    private final int slots;
    private final int parallelism;
    private final int asyncCapacity;
    private final Duration requestTimeout;
    private final Duration checkpointInterval;
    private final long failOnceAfter;
    private final GraderSettings grader;

    private GenerationOptions(Builder b) {
        problems = b.problems;
        kafkaBootstrap = b.kafkaBootstrap;
        kafkaTopic = b.kafkaTopic;
        bounded = b.bounded || b.problems != null;
        out = b.out;
        modelDir = b.modelDir;
        runId = b.runId;
        samples = b.samples;
        temperature = b.temperature;
        topP = b.topP;
        topK = b.topK;
        maxNewTokens = b.maxNewTokens;
        seed = b.seed;
        promptFormat = PromptFormat.of(b.systemPrompt, b.promptTemplate);
        device = b.device;
        dataType = b.dataType;
        slots = b.slots;
        parallelism = b.parallelism;
        asyncCapacity = b.asyncCapacity > 0 ? b.asyncCapacity : 2 * b.slots;
        requestTimeout = b.requestTimeout;
        checkpointInterval = b.checkpointInterval;
        failOnceAfter = b.failOnceAfter;
        grader = b.grader;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Problem files (a file or a folder of .jsonl / .parquet), or null when reading Kafka. */
    public Path problems() { return problems; }
    public String kafkaBootstrap() { return kafkaBootstrap; }
    public String kafkaTopic() { return kafkaTopic; }
    public boolean fromKafka() { return kafkaTopic != null; }
    /** True for files and for a topic read up to its end offsets at start: the job runs in BATCH mode. */
    public boolean bounded() { return bounded; }
    public Path out() { return out; }
    public Path modelDir() { return modelDir; }
    public String runId() { return runId; }
    public int samples() { return samples; }
    public double temperature() { return temperature; }
    public double topP() { return topP; }
    public int topK() { return topK; }
    public int maxNewTokens() { return maxNewTokens; }
    public long seed() { return seed; }
    public PromptFormat promptFormat() { return promptFormat; }
    public String device() { return device; }
    public String dataType() { return dataType; }
    public int slots() { return slots; }
    public int parallelism() { return parallelism; }
    /** Requests in flight per inference subtask (Async I/O capacity). */
    public int asyncCapacity() { return asyncCapacity; }
    public Duration requestTimeout() { return requestTimeout; }
    public Duration checkpointInterval() { return checkpointInterval; }
    public long failOnceAfter() { return failOnceAfter; }
    /** How to grade the solutions as they are made ({@code --grade}), or null to write them ungraded. */
    public GraderSettings grader() { return grader; }

    /** A run id from the current time, e.g. {@code 20261124-014502}. */
    public static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    }

    /** {@code set…} for required settings, {@code opt…} for optional ones. */
    public static final class Builder {
        private Path problems;
        private String kafkaBootstrap;
        private String kafkaTopic;
        private boolean bounded;
        private Path out;
        private Path modelDir;
        private String runId;
        private int samples = 1;
        private double temperature = 0.6;
        private double topP = 0.95;
        private int topK = 0;
        private int maxNewTokens = 1024;
        private long seed = 0;
        private String systemPrompt;
        private String promptTemplate;
        private String device = "cpu";
        private String dataType;
        private int slots = 16;
        private int parallelism = 1;
        private int asyncCapacity;
        private Duration requestTimeout = Duration.ofHours(1);
        private Duration checkpointInterval = Duration.ofSeconds(30);
        private long failOnceAfter;
        private GraderSettings grader;

        public Builder setProblems(Path v) { problems = v; return this; }
        public Builder setKafka(String bootstrap, String topic) { kafkaBootstrap = bootstrap; kafkaTopic = topic; return this; }
        public Builder setOut(Path v) { out = v; return this; }
        public Builder setModelDir(Path v) { modelDir = v; return this; }
        public Builder optBounded(boolean v) { bounded = v; return this; }
        public Builder optRunId(String v) { runId = v; return this; }
        public Builder optSamples(int v) { samples = v; return this; }
        public Builder optTemperature(double v) { temperature = v; return this; }
        public Builder optTopP(double v) { topP = v; return this; }
        public Builder optTopK(int v) { topK = v; return this; }
        public Builder optMaxNewTokens(int v) { maxNewTokens = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }
        public Builder optSystemPrompt(String v) { systemPrompt = v; return this; }
        /** The template's text (not its file name): every {@code {problem}} becomes the problem. */
        public Builder optPromptTemplate(String v) { promptTemplate = v; return this; }
        public Builder optDevice(String v) { device = v; return this; }
        public Builder optDataType(String v) { dataType = v; return this; }
        public Builder optSlots(int v) { slots = v; return this; }
        public Builder optParallelism(int v) { parallelism = v; return this; }
        public Builder optAsyncCapacity(int v) { asyncCapacity = v; return this; }
        public Builder optRequestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder optCheckpointInterval(Duration v) { checkpointInterval = v; return this; }
        public Builder optFailOnceAfter(long v) { failOnceAfter = v; return this; }
        /** Grade every solution too (queue's grading operator), into {@code OUT/grades/run=ID}. */
        public Builder optGrader(GraderSettings v) { grader = v; return this; }

        public GenerationOptions build() {
            if ((problems == null) == (kafkaTopic == null)) {
                throw new IllegalArgumentException("give exactly one input: problem files or a Kafka topic");
            }
            if (kafkaTopic != null && (kafkaBootstrap == null || kafkaBootstrap.isBlank() || kafkaTopic.isBlank())) {
                throw new IllegalArgumentException("a Kafka input needs both bootstrap servers and a topic");
            }
            if (problems != null && !java.nio.file.Files.exists(problems)) {
                throw new IllegalArgumentException("problems not found: " + problems);
            }
            Objects.requireNonNull(out, "output directory is required (setOut)");
            Objects.requireNonNull(modelDir, "model directory is required (setModelDir)");
            if (runId == null) {
                runId = newRunId();
            }
            if (!RUN_ID.matcher(runId).matches()) {
                throw new IllegalArgumentException("run id must be 1-128 of [A-Za-z0-9._-], got '" + runId + "'");
            }
            if (samples < 1) {
                throw new IllegalArgumentException("samples must be >= 1, got " + samples);
            }
            if (slots < 1) {
                throw new IllegalArgumentException("slots must be >= 1, got " + slots);
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
            }
            if (asyncCapacity < 0) {
                throw new IllegalArgumentException("async capacity must be >= 0 (0 = 2 x slots), got " + asyncCapacity);
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
            }
            if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
                throw new IllegalArgumentException("checkpoint interval must be positive, got " + checkpointInterval);
            }
            if (failOnceAfter < 0) {
                throw new IllegalArgumentException("fail-once-after must be >= 0, got " + failOnceAfter);
            }
            return new GenerationOptions(this);
        }
    }
}
