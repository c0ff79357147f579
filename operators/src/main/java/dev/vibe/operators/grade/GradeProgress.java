package dev.vibe.operators.grade;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples graded so far by the grading subtasks of this JVM, per job key: what {@code vibe grade}'s progress bar
 * reads on the embedded MiniCluster (the job runs in the CLI's JVM). A cluster job's subtasks count in their own
 * JVMs, where nobody reads them.
 */
public final class GradeProgress {

    private static final Map<String, AtomicLong> GRADED = new ConcurrentHashMap<>();

    private GradeProgress() {
    }

    /** The counter of {@code key} (created at zero). */
    public static AtomicLong of(String key) {
        return GRADED.computeIfAbsent(key, k -> new AtomicLong());
    }

    /** Drops the counter of {@code key} once its job is over. */
    public static void forget(String key) {
        GRADED.remove(key);
    }
}
