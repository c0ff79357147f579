package dev.vibe.engine.tokenizer;

import java.util.Arrays;

/**
 * Streams text as tokens arrive. Byte-level BPE can split one character over several tokens, so a delta is
 * released only once the decoded tail no longer ends in a replacement character; only the ids since the last
 * released delta are re-decoded, so cost stays constant per token (the scheme of Hugging Face's TGI). The deltas
 * of {@link #next} followed by {@link #finish} concatenate to exactly the decode of all ids. Not thread-safe: one
 * decoder per sequence.
 */
public final class IncrementalDecoder {

    private static final String REPLACEMENT = "\uFFFD";

    private final Tokenizer tokenizer;
    private int[] ids = new int[64];
    private int size;
    /** Start of the ids re-decoded for context: the previous delta's tokens. */
    private int prefixOffset;
    /** End of the ids whose text has been released. */
    private int readOffset;

    IncrementalDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Adds a token; returns the text it completes, possibly empty. */
    public String next(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        String prefix = decode(prefixOffset, readOffset);
        String full = decode(prefixOffset, size);
        if (full.length() > prefix.length() && !full.endsWith(REPLACEMENT)) {
            String delta = full.substring(prefix.length());
            prefixOffset = readOffset;
            readOffset = size;
            return delta;
        }
        return "";
    }

    /**
     * The text still held back (a character the tokens never completed decodes to U+FFFD, as in a full decode);
     * the decoder is then empty again.
     */
    public String finish() {
        String prefix = decode(prefixOffset, readOffset);
        String full = decode(prefixOffset, size);
        String rest = full.length() > prefix.length() ? full.substring(prefix.length()) : "";
        size = 0;
        prefixOffset = 0;
        readOffset = 0;
        return rest;
    }

    /** Tokens added since the last {@link #finish} (or creation). */
    public int tokenCount() {
        return size;
    }

    private String decode(int from, int to) {
        return from == to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to));
    }
}
