package dev.vibe.grading.code.sandbox;

/** The sandbox cannot run here at all (a tool is missing): the judge's problem, never the program's. */
public final class SandboxUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SandboxUnavailableException(String message) {
        super(message);
    }
}
