package dev.vibe.jobs.generate;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.description.TextElement;

/**
 * Every option of the generation job, declared once with its doc: {@code flink run … GenerateJob --key value},
 * {@code bin/vibe generate --key value} (whose options are made from this list) and a Flink {@code config.yaml}
 * under the same keys. Boolean options are flags ({@code --bounded}).
 */
public final class GenerateOptions {

    private GenerateOptions() {
    }

    // input
    public static final ConfigOption<String> PROBLEMS = ConfigOptions.key("problems").stringType().noDefaultValue()
            .withDescription("Problem file or folder: JSONL ({\"id\", \"problem\", \"answer\"?, \"kind\"?} per line)"
                    + " or Parquet (same columns, or the verl layout with a 'prompt' message list).");
    public static final ConfigOption<String> KAFKA = ConfigOptions.key("kafka").stringType().noDefaultValue()
            .withDescription("Kafka bootstrap servers (host:port) to read problems from, with --topic.");
    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic").stringType().noDefaultValue()
            .withDescription("Kafka topic of problems (JSON or Avro Problem values).");
    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("bounded").booleanType()
            .defaultValue(false)
            .withDescription("Read the topic up to its end offsets at start and finish (BATCH mode); without it the"
                    + " job runs until cancelled (STREAMING mode, checkpoints).");

    // output
    public static final ConfigOption<String> OUT = ConfigOptions.key("out").stringType().noDefaultValue()
            .withDescription("Output folder: solutions/run=<id>/*.parquet and rejected/run=<id>/*.parquet."
                    + " Samples already written there are skipped (resume).");
    public static final ConfigOption<String> RUN_ID = ConfigOptions.key("run-id").stringType().noDefaultValue()
            .withDescription("Name of this run (output partition run=<id>); default: the start time, UTC.");

    // model and prompt
    public static final ConfigOption<String> MODEL = ConfigOptions.key("model").stringType().noDefaultValue()
            .withDescription("Checkpoint folder (config.json, safetensors, tokenizer.json), as the TaskManagers"
                    + " see it; default: the demo model.");
    public static final ConfigOption<String> SYSTEM_PROMPT = ConfigOptions.key("system-prompt").stringType()
            .noDefaultValue()
            .withDescription("Add this system message (default: none, as the model's authors evaluate).");
    public static final ConfigOption<Boolean> NO_SYSTEM_PROMPT = ConfigOptions.key("no-system-prompt")
            .booleanType().defaultValue(false)
            .withDescription("No system message (the default; excludes --system-prompt).");
    public static final ConfigOption<String> PROMPT_TEMPLATE = ConfigOptions.key("prompt-template").stringType()
            .noDefaultValue()
            .withDescription("Text file whose content is the user message, with {problem} replaced by the problem"
                    + " (default: the problem + \" Let's think step by step and output the final answer within"
                    + " \\boxed{}.\"). Rows that carry their own chat messages use them as they are.");

    // sampling
    public static final ConfigOption<Integer> SAMPLES = ConfigOptions.key("samples").intType().defaultValue(1)
            .withDescription("Samples per problem, each with its own seed.");
    public static final ConfigOption<Double> TEMPERATURE = ConfigOptions.key("temperature").doubleType()
            .defaultValue(0.6).withDescription("Sampling temperature; 0 is greedy.");
    public static final ConfigOption<Double> TOP_P = ConfigOptions.key("top-p").doubleType().defaultValue(0.95)
            .withDescription("Nucleus mass in (0, 1]; 1 turns it off.");
    public static final ConfigOption<Integer> TOP_K = ConfigOptions.key("top-k").intType().defaultValue(0)
            .withDescription("Keep the k most likely tokens; 0 turns it off.");
    public static final ConfigOption<Integer> MAX_NEW_TOKENS = ConfigOptions.key("max-new-tokens").intType()
            .defaultValue(1024).withDescription("Cap on generated tokens per sample (finish_reason=length).");
    public static final ConfigOption<Long> SEED = ConfigOptions.key("seed").longType().defaultValue(0L)
            .withDescription("Run seed; a sample's seed is a hash of (problem id, sample index, run seed).");

    // execution
    public static final ConfigOption<String> DEVICE = ConfigOptions.key("device").stringType().defaultValue("cpu")
            .withDescription("cpu or cuda:N, used when Flink's GPU external resource gives the TaskManager no GPU.");
    public static final ConfigOption<String> DTYPE = ConfigOptions.key("dtype").stringType().noDefaultValue()
            .withDescription("float32 or float16; default float32 on CPU, float16 on CUDA.");
    public static final ConfigOption<Integer> SLOTS = ConfigOptions.key("slots").intType().defaultValue(16)
            .withDescription("Sequences the shared engine of a device decodes together.");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism").intType()
            .defaultValue(1).withDescription("Parallelism of the job; the subtasks of a TaskManager share one"
                    + " engine per device.");
    public static final ConfigOption<Integer> ASYNC_CAPACITY = ConfigOptions.key("async-capacity").intType()
            .defaultValue(0).withDescription("Requests in flight per inference subtask; 0 = 2 x slots.");
    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("request-timeout")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("A sample not finished by then is written with finish_reason=error (e.g. 90s, 30min).");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("STREAMING mode: checkpoint interval; output files are committed at each checkpoint.");
    public static final ConfigOption<String> CLUSTER = ConfigOptions.key("cluster").stringType().noDefaultValue()
            .withDescription("Submit to this Flink cluster (JobManager host:rest-port) instead of running on an"
                    + " embedded MiniCluster.");
    public static final ConfigOption<Long> FAIL_ONCE_AFTER = ConfigOptions.key("fail-once-after").longType()
            .defaultValue(0L).withDescription("Recovery drill: fail the inference operator once after this many"
                    + " results (0 = never).");

    public static final ConfigOption<Boolean> GRADE = ConfigOptions.key("grade").booleanType().defaultValue(false)
            .withDescription("Grade every solution as it is made (math answers, code in sandboxes with the grading"
                    + " defaults of vibe grade) into OUT/grades/run=<id>/, and print the run's pass@k at the end.");

    /** Every option, in the order help lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(PROBLEMS, KAFKA, TOPIC, BOUNDED, OUT, RUN_ID, MODEL,
            SYSTEM_PROMPT, NO_SYSTEM_PROMPT, PROMPT_TEMPLATE, SAMPLES, TEMPERATURE, TOP_P, TOP_K, MAX_NEW_TOKENS,
            SEED, DEVICE, DTYPE, SLOTS, PARALLELISM, ASYNC_CAPACITY, REQUEST_TIMEOUT, CHECKPOINT_INTERVAL, CLUSTER,
            FAIL_ONCE_AFTER, GRADE);

    /** Options given as bare flags. */
    public static final List<ConfigOption<Boolean>> FLAGS = List.of(BOUNDED, NO_SYSTEM_PROMPT, GRADE);

    /** The option's doc as plain text. */
    public static String doc(ConfigOption<?> option) {
        StringBuilder out = new StringBuilder();
        option.description().getBlocks().forEach(b -> out.append(b instanceof TextElement t ? t.getFormat() : ""));
        return out.toString();
    }

    public static boolean isFlag(ConfigOption<?> option) {
        return FLAGS.contains(option);
    }
}
