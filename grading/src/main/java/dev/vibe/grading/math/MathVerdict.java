package dev.vibe.grading.math;

/**
 * The verdict on one answer against its reference.
 *
 * @param equal          whether the answer is the reference's answer
 * @param reason         why, in a few words ("integers equal", "interval ends differ", "no answer", "timeout"…)
 * @param goldAnswer     the answer extracted from the reference; null when none was found
 * @param predAnswer     the answer extracted from the prediction; null when none was found
 * @param goldNormalized {@code goldAnswer} after normalisation; null when none
 * @param predNormalized {@code predAnswer} after normalisation; null when none
 */
public record MathVerdict(boolean equal, String reason, String goldAnswer, String predAnswer,
                          String goldNormalized, String predNormalized) {

    /** Reason of a prediction with no answer in it. */
    public static final String NO_ANSWER = "no answer";
    /** Reason of a reference with no answer in it. */
    public static final String NO_REFERENCE = "no reference answer";
    /** Reason of a prediction cut off by the token limit: never graded correct. */
    public static final String TRUNCATED = "truncated";
    /** Reason of a symbolic check that ran past the time limit. */
    public static final String TIMEOUT = "timeout";
}
