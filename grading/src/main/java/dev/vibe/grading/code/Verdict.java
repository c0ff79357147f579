package dev.vibe.grading.code;

/** The outcome of judging a program, on one test or on the whole suite. */
public enum Verdict {
    /** Accepted: the output matched. */
    AC,
    /** Wrong answer, including no output, an output over the cap (an output-limit excess) and, for functional
     *  tests, a return value that is not JSON (such as an object whose {@code __eq__} always says True). */
    WA,
    /** Time limit exceeded: CPU limit (SIGXCPU/SIGKILL from RLIMIT_CPU) or wall-clock limit. */
    TLE,
    /** Memory limit exceeded: an allocation failed under the limit (MemoryError, std::bad_alloc,
     *  OutOfMemoryError). */
    MLE,
    /** Runtime error: non-zero exit or a signal other than the CPU limit's. */
    RE,
    /** Compile error, or no usable code block in the response. */
    CE,
    /** The judge itself failed (sandbox missing, cannot create its directory, toolchain missing): not the
     *  program's fault and never to be graded as a failure of the program. */
    SANDBOX_ERROR;

    /** Whether the program was actually graded (everything but {@link #SANDBOX_ERROR}). */
    public boolean graded() {
        return this != SANDBOX_ERROR;
    }
}
