package dev.vibe.jobs.grade;

import dev.vibe.operators.grade.GraderSettings;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every option of the grading job, declared once with its doc: {@code flink run -c dev.vibe.jobs.grade.GradeJob …
 * --key value} and {@code bin/vibe grade --key value} (whose options are made from this list). Boolean options are
 * flags; a duration given as a bare number is seconds.
 */
public final class GradeOptions {

    private GradeOptions() {
    }

    // input
    public static final ConfigOption<String> IN = ConfigOptions.key("in").stringType().noDefaultValue()
            .withDescription("Output folder of vibe generate: grades every DIR/solutions/run=*/*.parquet (BATCH mode).");
    public static final ConfigOption<String> KAFKA = ConfigOptions.key("kafka").stringType().noDefaultValue()
            .withDescription("Kafka bootstrap servers (host:port): input with --topic, output with --kafka-out.");
    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic").stringType().noDefaultValue()
            .withDescription("Kafka topic of Solution records (Avro binary, as vibe generate writes them).");
    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("bounded").booleanType()
            .defaultValue(false).withDescription("Read the topic up to its end offsets at start, then finish (BATCH"
                    + " mode); without it the job runs until cancelled (STREAMING mode, checkpoints).");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group-id").stringType()
            .defaultValue("vibe-grade").withDescription("Kafka consumer group of the grading job.");

    // output
    public static final ConfigOption<String> OUT = ConfigOptions.key("out").stringType().noDefaultValue()
            .withDescription("Output folder: grades/run=<solution run>/*.parquet and summary.json, dead letters in"
                    + " rejected/run=<grading run>/.");
    public static final ConfigOption<String> KAFKA_OUT = ConfigOptions.key("kafka-out").stringType().noDefaultValue()
            .withDescription("Also write every grade to this Kafka topic (Avro binary Grade, key = problem id).");
    public static final ConfigOption<String> RUN_ID = ConfigOptions.key("run-id").stringType().noDefaultValue()
            .withDescription("Name of this grading run (its dead letters' partition); default: grade-<UTC time>.");

    // grading
    public static final ConfigOption<Integer> MAX_SANDBOXES = ConfigOptions.key("max-sandboxes").intType()
            .defaultValue(GraderSettings.DEFAULT_MAX_SANDBOXES).withDescription("Code sandboxes running at once per"
                    + " TaskManager, whatever the parallelism (the judge's pool and its threads).");
    public static final ConfigOption<Duration> MATH_TIMEOUT = ConfigOptions.key("math-timeout").durationType()
            .defaultValue(GraderSettings.DEFAULT_MATH_TIMEOUT).withDescription("Hard limit of one symbolic check"
                    + " in seconds (or 500ms, 1min); past it the sample is graded TIMEOUT.");
    public static final ConfigOption<Integer> MATH_THREADS = ConfigOptions.key("math-threads").intType()
            .defaultValue(GraderSettings.DEFAULT_MATH_THREADS)
            .withDescription("Math samples graded at once per TaskManager.");
    public static final ConfigOption<Duration> CODE_TIME_LIMIT = ConfigOptions.key("code-time-limit")
            .durationType().defaultValue(GraderSettings.DEFAULT_CODE_TIME_LIMIT)
            .withDescription("CPU time per test in seconds (whole seconds); wall clock 2 x this + 1 s.");
    public static final ConfigOption<Integer> CODE_MEMORY = ConfigOptions.key("code-memory-mb").intType()
            .defaultValue(GraderSettings.DEFAULT_CODE_MEMORY_MB).withDescription("Memory per test in MB.");
    public static final ConfigOption<Integer> SANDBOX_UID_BASE = ConfigOptions.key("sandbox-uid-base").intType()
            .defaultValue(GraderSettings.DEFAULT_SANDBOX_UID_BASE).withDescription("Where the search for the"
                    + " sandboxes' unprivileged uids starts (max-sandboxes of them, reserved host-wide).");
    public static final ConfigOption<Duration> SAMPLE_TIMEOUT = ConfigOptions.key("sample-timeout").durationType()
            .defaultValue(GraderSettings.DEFAULT_SAMPLE_TIMEOUT).withDescription("Safety net: a sample not graded"
                    + " by then (queueing included) is written SANDBOX_ERROR (code) or TIMEOUT (math).");

    // execution and report
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism").intType()
            .defaultValue(1).withDescription("Parallelism of the job.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("STREAMING mode: checkpoint interval; grade files are committed at each checkpoint.");
    public static final ConfigOption<String> CLUSTER = ConfigOptions.key("cluster").stringType().noDefaultValue()
            .withDescription("Submit to this Flink cluster (JobManager host:rest-port) instead of running on an"
                    + " embedded MiniCluster.");
    public static final ConfigOption<Boolean> PER_PROBLEM = ConfigOptions.key("per-problem").booleanType()
            .defaultValue(false).withDescription("Also print a table of every problem's scores.");
    public static final ConfigOption<Boolean> SUMMARY_ONLY = ConfigOptions.key("summary-only").booleanType()
            .defaultValue(false).withDescription("Grade nothing: print (and rewrite summary.json of) the grades"
                    + " already under --out.");

    /** Every option, in the order help lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(IN, KAFKA, TOPIC, BOUNDED, GROUP_ID, OUT, KAFKA_OUT,
            RUN_ID, MAX_SANDBOXES, MATH_TIMEOUT, MATH_THREADS, CODE_TIME_LIMIT, CODE_MEMORY, SANDBOX_UID_BASE,
            SAMPLE_TIMEOUT, PARALLELISM, CHECKPOINT_INTERVAL, CLUSTER, PER_PROBLEM, SUMMARY_ONLY);

    /** Options given as bare flags. */
    public static final List<ConfigOption<Boolean>> FLAGS = List.of(BOUNDED, PER_PROBLEM, SUMMARY_ONLY);
}
