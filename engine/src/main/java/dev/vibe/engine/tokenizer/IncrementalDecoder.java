package dev.vibe.engine.tokenizer;

import java.util.Arrays;

/**
 * Streams text as tokens arrive. Byte-level BPE can split one character over several tokens, so a delta is
 * released only once the decoded tail no longer ends in a replacement character; only the ids since the last
 * released delta are re-decoded, so cost stays constant per token (the scheme of Hugging Face's TGI).
 */
public final class IncrementalDecoder {

    private final Tokenizer tokenizer;
    private int[] ids = new int[64];
    private int size;
    private int prefixOffset;
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
        String prefix = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, readOffset));
        String full = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, size));
        if (full.length() > prefix.length() && !full.endsWith("\uFFFD")) {
            String delta = full.substring(prefix.length());
            prefixOffset = readOffset;
            readOffset = size;
            return delta;
        }
        return "";
    }
}
