package dev.vibe.operators.grade;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How samples are graded: the math grader's timeout and threads, the code judge's sandbox pool and limits. Immutable
 * and validated; travels inside the grading function. Settings that change verdicts (timeouts, limits) are part of
 * {@link GraderVersion}'s fingerprint.
 *
 * @param mathTimeout hard limit of one symbolic check (past it: TIMEOUT)
 * @param mathThreads math samples graded at once per TaskManager
 * @param maxSandboxes code sandboxes running at once per TaskManager (JVM): the pool size and its executor's
 * @param codeTimeLimit CPU time per test
 * @param codeMemoryMb memory per test
 * @param sandboxUidBase where the judge's search for its {@code maxSandboxes} unprivileged uids starts (it reserves
 *     them host-wide)
 * @param sampleTimeout safety net of the Async I/O operator: a sample not graded by then gets SANDBOX_ERROR (code) or
 *     TIMEOUT (math); the limits above normally end every sample long before
 */
public record GraderSettings(Duration mathTimeout, int mathThreads, int maxSandboxes, Duration codeTimeLimit,
        int codeMemoryMb, int sandboxUidBase, Duration sampleTimeout) implements Serializable {

    public static final Duration DEFAULT_MATH_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MATH_THREADS = 2;
    public static final int DEFAULT_MAX_SANDBOXES = 2;
    public static final Duration DEFAULT_CODE_TIME_LIMIT = Duration.ofSeconds(2);
    public static final int DEFAULT_CODE_MEMORY_MB = 256;
    /** Apart from the judge's default (61000), so {@code vibe judge} and a grading job seldom search the same uids. */
    public static final int DEFAULT_SANDBOX_UID_BASE = 62000;
    public static final Duration DEFAULT_SAMPLE_TIMEOUT = Duration.ofMinutes(30);

    public GraderSettings {
        positive(mathTimeout, "math timeout");
        positive(codeTimeLimit, "code time limit");
        positive(sampleTimeout, "sample timeout");
        if (mathThreads < 1) {
            throw new IllegalArgumentException("math threads must be at least 1, got " + mathThreads);
        }
        if (maxSandboxes < 1) {
            throw new IllegalArgumentException("max sandboxes must be at least 1, got " + maxSandboxes);
        }
        if (codeMemoryMb < 16) {
            throw new IllegalArgumentException("code memory limit must be at least 16 MB, got " + codeMemoryMb);
        }
        if (sandboxUidBase < 1000) {
            throw new IllegalArgumentException("sandbox uid base must be an unprivileged uid (>= 1000), got "
                    + sandboxUidBase);
        }
    }

    /** Every default. */
    public static GraderSettings defaults() {
        return new GraderSettings(DEFAULT_MATH_TIMEOUT, DEFAULT_MATH_THREADS, DEFAULT_MAX_SANDBOXES,
                DEFAULT_CODE_TIME_LIMIT, DEFAULT_CODE_MEMORY_MB, DEFAULT_SANDBOX_UID_BASE, DEFAULT_SAMPLE_TIMEOUT);
    }

    /** The settings that can change a verdict, as text for the version fingerprint. */
    String verdictRelevant() {
        return "math-timeout=" + mathTimeout.toMillis() + "ms;code-time-limit=" + codeTimeLimit.toMillis()
                + "ms;code-memory=" + codeMemoryMb + "MB";
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
