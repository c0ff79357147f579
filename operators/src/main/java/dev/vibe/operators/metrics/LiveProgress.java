package dev.vibe.operators.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of a run while it runs, shared by every operator subtask of this JVM: on the embedded MiniCluster the
 * command line reads them for its progress bar (no REST polling needed). On a real cluster they stay on the
 * TaskManagers; there the command line reads the job's accumulators instead.
 */
public final class LiveProgress {

    private static final Map<String, LiveProgress> RUNS = new ConcurrentHashMap<>();

    final LongAdder requested = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder rejectedSamples = new LongAdder();
    final LongAdder rows = new LongAdder();
    final LongAdder rejectedRows = new LongAdder();
    final LongAdder inputsRejected = new LongAdder();
    final LongAdder generatedTokens = new LongAdder();
    final AtomicLong firstStartMillis = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastFinishMillis = new AtomicLong(Long.MIN_VALUE);

    private LiveProgress() {
    }

    /** The counters of run {@code runId}, created on first use. */
    public static LiveProgress of(String runId) {
        return RUNS.computeIfAbsent(runId, id -> new LiveProgress());
    }

    /** Forgets a run's counters (call when the job is over). */
    public static void forget(String runId) {
        RUNS.remove(runId);
    }

    /** Samples the fan-out asked for so far (skipped and rejected ones included). */
    public long requested() {
        return requested.sum();
    }

    /** Samples skipped because an earlier run wrote them. */
    public long skipped() {
        return skipped.sum();
    }

    /** Samples not generated because their prompt was rejected. */
    public long rejectedSamples() {
        return rejectedSamples.sum();
    }

    /** Solution rows that left the inference operator (after a failover, redone rows count again). */
    public long rows() {
        return rows.sum();
    }

    /** Dead letters so far. */
    public long rejectedRows() {
        return rejectedRows.sum();
    }

    /** Input records rejected before fan-out (malformed, duplicate, ...). */
    public long inputsRejected() {
        return inputsRejected.sum();
    }

    public long generatedTokens() {
        return generatedTokens.sum();
    }

    /**
     * From the first row's start to the last row's finish (engine time, without job start-up and model loading),
     * in milliseconds; 0 before any row.
     */
    public long generationSpanMillis() {
        long first = firstStartMillis.get();
        long last = lastFinishMillis.get();
        return first == Long.MAX_VALUE ? 0 : Math.max(0, last - first);
    }

    void observe(long startedAtMillis, long finishedAtMillis) {
        firstStartMillis.accumulateAndGet(startedAtMillis, Math::min);
        lastFinishMillis.accumulateAndGet(finishedAtMillis, Math::max);
    }

    /** Samples finished one way or another: written, skipped or rejected. */
    public long done() {
        return rows() + skipped() + rejectedSamples();
    }
}
