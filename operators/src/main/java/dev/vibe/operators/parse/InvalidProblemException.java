package dev.vibe.operators.parse;

/** A record that cannot become a {@link dev.vibe.schemas.Problem}; its message is the one-line reason. */
public class InvalidProblemException extends Exception {

    private final RejectCategory category;
    private final String problemId;

    public InvalidProblemException(RejectCategory category, String reason, String problemId) {
        super(reason);
        this.category = category;
        this.problemId = problemId;
    }

    public RejectCategory category() {
        return category;
    }

    /** The id when it could be read before the problem was found, else null. */
    public String problemId() {
        return problemId;
    }
}
