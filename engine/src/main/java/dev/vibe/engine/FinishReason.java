package dev.vibe.engine;

/** Why a generation ended. */
public enum FinishReason {
    /** An end-of-sequence token, stop token or stop string was produced. */
    STOP,
    /** {@code max_new_tokens} or the model's context length was reached. */
    LENGTH,
    /** The request could not be served; {@link GenerationResult#error()} says why. */
    ERROR;

    /** The lower-case name used in JSON and Parquet: {@code stop}, {@code length}, {@code error}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
