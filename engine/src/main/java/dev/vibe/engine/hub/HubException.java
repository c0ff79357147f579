package dev.vibe.engine.hub;

/** A download from the Hub that failed; the message is one line naming the repo or file and the problem. */
public class HubException extends RuntimeException {

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
