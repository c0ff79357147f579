package dev.vibe.grading.code.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits of one sandboxed process tree.
 *
 * @param cpuTime CPU seconds before SIGXCPU (rounded up to whole seconds: RLIMIT_CPU has that resolution)
 * @param wallTime wall-clock time after which the whole tree is killed (catches sleeping and blocked programs)
 * @param addressSpaceBytes RLIMIT_AS and RLIMIT_STACK, or 0 for none
 * @param maxProcesses RLIMIT_NPROC of the sandbox uid: processes plus threads
 * @param maxFileBytes RLIMIT_FSIZE: the largest file the program may write
 * @param tmpBytes size of the private tmpfs mounted on /tmp
 * @param maxStdoutBytes stdout kept; more kills the program and marks the run {@code stdoutOverflow}
 * @param maxStderrBytes stderr tail kept (the rest is read and discarded)
 */
public record SandboxLimits(Duration cpuTime, Duration wallTime, long addressSpaceBytes, int maxProcesses,
                            long maxFileBytes, long tmpBytes, int maxStdoutBytes, int maxStderrBytes) {

    public SandboxLimits {
        Objects.requireNonNull(cpuTime, "cpuTime");
        Objects.requireNonNull(wallTime, "wallTime");
        require(!cpuTime.isNegative() && !cpuTime.isZero(), "cpuTime must be positive, got " + cpuTime);
        require(!wallTime.isNegative() && !wallTime.isZero(), "wallTime must be positive, got " + wallTime);
        require(addressSpaceBytes >= 0, "addressSpaceBytes must be >= 0, got " + addressSpaceBytes);
        require(maxProcesses > 0, "maxProcesses must be positive, got " + maxProcesses);
        require(maxFileBytes > 0, "maxFileBytes must be positive, got " + maxFileBytes);
        require(tmpBytes > 0, "tmpBytes must be positive, got " + tmpBytes);
        require(maxStdoutBytes > 0, "maxStdoutBytes must be positive, got " + maxStdoutBytes);
        require(maxStderrBytes > 0, "maxStderrBytes must be positive, got " + maxStderrBytes);
    }

    /** Whole CPU seconds for prlimit (at least 1). */
    public long cpuSeconds() {
        return Math.max(1, (cpuTime.toMillis() + 999) / 1000);
    }

    /** The same limits with another address-space limit (0 = none). */
    public SandboxLimits withAddressSpace(long bytes) {
        return new SandboxLimits(cpuTime, wallTime, bytes, maxProcesses, maxFileBytes, tmpBytes, maxStdoutBytes,
                maxStderrBytes);
    }

    /** The same limits with extra CPU and wall time (a JVM's start-up). */
    public SandboxLimits plusTime(Duration extra) {
        return new SandboxLimits(cpuTime.plus(extra), wallTime.plus(extra), addressSpaceBytes, maxProcesses,
                maxFileBytes, tmpBytes, maxStdoutBytes, maxStderrBytes);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
