package dev.vibe.operators.metrics;

import dev.vibe.operators.parse.RejectCategory;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * The counts a run reports, kept twice: as Flink accumulators (exact at the end of a job, also on a cluster; a
 * task attempt that failed drops its own counts) and in {@link LiveProgress} (JVM-local, read while the job runs
 * on the embedded MiniCluster for the progress bar).
 *
 * <p>Accumulator names are {@value #PREFIX}{@code <name>}; per-key counts add {@code .<key>}, e.g.
 * {@code vibe.rows.stop}, {@code vibe.rejected.malformed}.
 */
public final class RunCounters {

    public static final String PREFIX = "vibe.";
    public static final String PROBLEMS = "problems";
    public static final String SAMPLES_REQUESTED = "samples.requested";
    public static final String SAMPLES_SKIPPED = "samples.skipped";
    public static final String SAMPLES_REJECTED = "samples.rejected";
    public static final String ROWS = "rows";
    public static final String REJECTED = "rejected";
    public static final String GENERATED_TOKENS = "tokens.generated";
    public static final String PROMPT_TOKENS = "tokens.prompt";

    private final RuntimeContext context;
    private final LiveProgress live;

    private RunCounters(RuntimeContext context, String runId) {
        this.context = context;
        this.live = LiveProgress.of(runId);
    }

    /** Counters of one operator subtask (not for async functions: Flink gives them no accumulators). */
    public static RunCounters of(RuntimeContext context, String runId) {
        return new RunCounters(context, runId);
    }

    public void problemAccepted() {
        add(PROBLEMS, 1);
    }

    public void samplesRequested(long n) {
        add(SAMPLES_REQUESTED, n);
        live.requested.add(n);
    }

    public void sampleSkipped() {
        add(SAMPLES_SKIPPED, 1);
        live.skipped.increment();
    }

    public void samplesRejected(long n) {
        add(SAMPLES_REJECTED, n);
        live.rejectedSamples.add(n);
    }

    public void rowWritten(String finishReason, int promptTokens, int completionTokens, long startedAtMillis,
            long finishedAtMillis) {
        live.observe(startedAtMillis, finishedAtMillis);
        add(ROWS + "." + finishReason, 1);
        add(GENERATED_TOKENS, completionTokens);
        add(PROMPT_TOKENS, promptTokens);
        live.rows.increment();
        live.generatedTokens.add(completionTokens);
    }

    public void rejected(String category) {
        add(REJECTED + "." + category, 1);
        live.rejectedRows.increment();
        if (!RejectCategory.PROMPT_TOO_LONG.wireName().equals(category)) {
            live.inputsRejected.increment();
        }
    }

    private void add(String name, long n) {
        context.getLongCounter(PREFIX + name).add(n);
    }

    /** The counts under {@code PREFIX + name + "."} of a finished job's accumulators, by key. */
    public static Map<String, Long> byKey(Map<String, Object> accumulators, String name) {
        String prefix = PREFIX + name + ".";
        Map<String, Long> out = new TreeMap<>();
        accumulators.forEach((k, v) -> {
            if (k.startsWith(prefix) && v instanceof Number n) {
                out.put(k.substring(prefix.length()), n.longValue());
            }
        });
        return out;
    }

    /** One count of a finished job's accumulators, 0 when absent. */
    public static long get(Map<String, Object> accumulators, String name) {
        Object v = accumulators.get(PREFIX + name);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
