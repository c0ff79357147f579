package dev.vibe.engine;

/** Receives tokens as they are produced. Called on the engine's scheduler thread: keep it short. */
@FunctionalInterface
public interface TokenListener {

    TokenListener NONE = (tokenId, textDelta) -> { };

    /**
     * @param tokenId the sampled token
     * @param textDelta the text this token completes; empty while a multi-byte character is still partial
     */
    void onToken(int tokenId, String textDelta);
}
