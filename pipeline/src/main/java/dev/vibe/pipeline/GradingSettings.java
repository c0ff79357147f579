package dev.vibe.pipeline;

import dev.vibe.operators.grade.GraderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * What the grading job reads, writes and how it grades; immutable, validated by {@link Builder#build()}.
 *
 * <p>Input: a {@code vibe generate} output folder ({@code DIR/solutions/run=*}/*.parquet, bounded, BATCH mode) or a
 * Kafka topic of Solution records (Avro binary; STREAMING mode with exactly-once checkpoints, or bounded).
 * Output: {@code OUT/grades/run=<solution run>/*.parquet} (ZSTD, exactly once), dead letters in
 * {@code OUT/rejected/run=<grading run>/}, and optionally a Kafka topic of grades.
 */
public final class GradingSettings {

    /** Folder of grades under the output folder. */
    public static final String GRADES_DIR = "grades";
    /** Default Kafka consumer group of the grading job. */
    public static final String DEFAULT_GROUP_ID = "vibe-grade";

    private final Path solutions;
    private final String kafka;
    private final String topic;
    private final boolean bounded;
    private final Path out;
    private final String kafkaOut;
    private final String runId;
    private final String groupId;
    private final int parallelism;
    private final int asyncCapacity;
    private final Duration checkpointInterval;
    private final GraderSettings grader;

    private GradingSettings(Builder b, GraderSettings grader) {
        this.solutions = b.solutions;
        this.kafka = b.kafka;
        this.topic = b.topic;
        this.bounded = b.solutions != null || b.bounded;
        this.out = b.out;
        this.kafkaOut = b.kafkaOut;
        this.runId = b.runId;
        this.groupId = b.groupId;
        this.parallelism = b.parallelism;
        this.asyncCapacity = b.asyncCapacity > 0 ? b.asyncCapacity
                : 2 * Math.max(grader.maxSandboxes(), grader.mathThreads());
        this.checkpointInterval = b.checkpointInterval;
        this.grader = grader;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The folder of Solution Parquet files to grade ({@code DIR/solutions}, or DIR without one), or null. */
    public Path solutions() {
        return solutions;
    }

    /** Kafka bootstrap servers (input with {@link #topic()}, and output with {@link #kafkaOut()}), or null. */
    public String kafka() {
        return kafka;
    }

    /** Kafka topic of Solution records, or null when reading files. */
    public String topic() {
        return topic;
    }

    /** Files, or a topic read up to its end offsets at start: BATCH mode. */
    public boolean bounded() {
        return bounded;
    }

    public Path out() {
        return out;
    }

    /** Kafka topic the grades also go to, or null. */
    public String kafkaOut() {
        return kafkaOut;
    }

    /** The grading run's id: names its dead letters ({@code OUT/rejected/run=<id>}) and the job. */
    public String runId() {
        return runId;
    }

    public String groupId() {
        return groupId;
    }

    public int parallelism() {
        return parallelism;
    }

    /** Samples in flight per grading subtask. */
    public int asyncCapacity() {
        return asyncCapacity;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public GraderSettings grader() {
        return grader;
    }

    /** Required: {@code set...}; optional: {@code opt...}. */
    public static final class Builder {
        private Path solutions;
        private String kafka;
        private String topic;
        private boolean bounded;
        private Path out;
        private String kafkaOut;
        private String runId = "grade-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        private String groupId = DEFAULT_GROUP_ID;
        private int parallelism = 1;
        private int asyncCapacity;
        private Duration checkpointInterval = Duration.ofSeconds(30);
        private Duration mathTimeout = GraderSettings.DEFAULT_MATH_TIMEOUT;
        private int mathThreads = GraderSettings.DEFAULT_MATH_THREADS;
        private int maxSandboxes = GraderSettings.DEFAULT_MAX_SANDBOXES;
        private Duration codeTimeLimit = GraderSettings.DEFAULT_CODE_TIME_LIMIT;
        private int codeMemoryMb = GraderSettings.DEFAULT_CODE_MEMORY_MB;
        private int sandboxUidBase = GraderSettings.DEFAULT_SANDBOX_UID_BASE;
        private Duration sampleTimeout = GraderSettings.DEFAULT_SAMPLE_TIMEOUT;

        /** Input (this or {@link #setKafkaInput}): a generate output folder, or a folder of Solution Parquet. */
        public Builder setSolutionsDir(Path dir) {
            this.solutions = dir;
            return this;
        }

        /** Input (this or {@link #setSolutionsDir}): a topic of Solution records (Avro binary). */
        public Builder setKafkaInput(String bootstrapServers, String topic) {
            this.kafka = bootstrapServers;
            this.topic = topic;
            return this;
        }

        /** Required: the output folder. */
        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        /** Kafka input only: stop at the end offsets seen at start (BATCH mode). Default: run until cancelled. */
        public Builder optBounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        /** Also write grades to this topic of {@code bootstrapServers} (Avro binary, key = problem id). */
        public Builder optKafkaOut(String bootstrapServers, String topic) {
            if (bootstrapServers != null) {
                this.kafka = bootstrapServers;
            }
            this.kafkaOut = topic;
            return this;
        }

        public Builder optRunId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder optGroupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder optParallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** Samples in flight per grading subtask; 0 (default) = 2 × the larger of sandboxes and math threads. */
        public Builder optAsyncCapacity(int capacity) {
            this.asyncCapacity = capacity;
            return this;
        }

        public Builder optCheckpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        public Builder optMathTimeout(Duration timeout) {
            this.mathTimeout = timeout;
            return this;
        }

        public Builder optMathThreads(int threads) {
            this.mathThreads = threads;
            return this;
        }

        public Builder optMaxSandboxes(int sandboxes) {
            this.maxSandboxes = sandboxes;
            return this;
        }

        public Builder optCodeTimeLimit(Duration limit) {
            this.codeTimeLimit = limit;
            return this;
        }

        public Builder optCodeMemoryMb(int mb) {
            this.codeMemoryMb = mb;
            return this;
        }

        public Builder optSandboxUidBase(int uid) {
            this.sandboxUidBase = uid;
            return this;
        }

        public Builder optSampleTimeout(Duration timeout) {
            this.sampleTimeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid or missing setting */
        public GradingSettings build() {
            boolean files = solutions != null;
            boolean topicIn = topic != null;
            require(files != topicIn, "give either --in DIR or --kafka BOOTSTRAP --topic T (exactly one input)");
            if (files) {
                Path sub = solutions.resolve("solutions");
                solutions = Files.isDirectory(sub) ? sub : solutions;
                require(Files.isDirectory(solutions), "--in " + solutions + " is not a folder");
            }
            require(!topicIn || !topic.isBlank(), "--topic is blank");
            require(!topicIn || (kafka != null && !kafka.isBlank()), "--topic needs --kafka BOOTSTRAP");
            require(kafkaOut == null || (kafka != null && !kafka.isBlank()), "--kafka-out needs --kafka BOOTSTRAP");
            require(kafkaOut == null || !kafkaOut.isBlank(), "--kafka-out is blank");
            require(out != null, "--out is required");
            require(runId != null && runId.matches("[A-Za-z0-9._-]+"),
                    "run id must be letters, digits, '.', '_' or '-', got '" + runId + "'");
            Objects.requireNonNull(groupId, "groupId");
            require(parallelism >= 1, "parallelism must be at least 1, got " + parallelism);
            require(asyncCapacity >= 0, "async capacity must be >= 0, got " + asyncCapacity);
            require(checkpointInterval != null && checkpointInterval.toMillis() >= 10,
                    "checkpoint interval must be at least 10 ms, got " + checkpointInterval);
            GraderSettings grader = new GraderSettings(mathTimeout, mathThreads, maxSandboxes, codeTimeLimit,
                    codeMemoryMb, sandboxUidBase, sampleTimeout);
            return new GradingSettings(this, grader);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
