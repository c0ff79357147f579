package dev.vibe.operators.grade;

/** Every value of {@code Grade.verdict}, and whether a sample with it counts in the scores. */
public enum GradeVerdict {
    // math
    /** The extracted answer equals the reference answer. */
    CORRECT,
    /** An answer was found and differs from the reference. */
    WRONG,
    /** No final answer in the completion. */
    NO_ANSWER,
    /** A symbolic check ran past the math timeout: unequal. */
    TIMEOUT,
    // code: the judge's verdicts
    AC, WA, TLE, MLE, RE, CE,
    /** The judge itself failed: says nothing about the program, so not counted. */
    SANDBOX_ERROR,
    // both
    /** finish_reason=length: the completion was cut off by the token limit; never correct. */
    TRUNCATED,
    /** The sample cannot be graded (no reference, no or malformed tests, unknown kind, generation error). */
    UNGRADABLE;

    /** Whether samples with this verdict count in pass@k, maj@k and mean accuracy. */
    public boolean counted() {
        return this != UNGRADABLE && this != SANDBOX_ERROR;
    }

    /** Whether this verdict means correct. */
    public boolean correct() {
        return this == CORRECT || this == AC;
    }
}
