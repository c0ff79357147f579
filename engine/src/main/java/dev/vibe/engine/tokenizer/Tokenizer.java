package dev.vibe.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The checkpoint's byte-level BPE tokenizer, read from its {@code tokenizer.json} by DJL's
 * {@link HuggingFaceTokenizer}. Special tokens written in the text ({@code <|im_start|>}) become their ids; no
 * BOS token is added (Qwen2 has none). Thread-safe.
 */
public final class Tokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer delegate;
    private final Path file;

    private Tokenizer(HuggingFaceTokenizer delegate, Path file) {
        this.delegate = delegate;
        this.file = file;
    }

    /** Loads {@code tokenizer.json}. */
    public static Tokenizer load(Path tokenizerJson) {
        try {
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false",
                            "maxLength", String.valueOf(Integer.MAX_VALUE)));
            return new Tokenizer(hf, tokenizerJson);
        } catch (IOException e) {
            throw new UncheckedIOException(tokenizerJson + ": cannot read tokenizer: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(tokenizerJson + ": not a valid tokenizer.json: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public int[] encode(String text) {
        long[] ids = delegate.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** Decodes ids to text, special tokens included. */
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return delegate.decode(wide, false);
    }

    /** The id of a token written exactly as in the vocabulary (e.g. {@code <|im_end|>}), if it has one. */
    public OptionalInt tokenId(String token) {
        long[] ids = delegate.encode(token, false, false).getIds();
        if (ids.length != 1) {
            return OptionalInt.empty();
        }
        String back = decode(new int[] {(int) ids[0]});
        return back.equals(token) ? OptionalInt.of((int) ids[0]) : OptionalInt.empty();
    }

    /** A decoder that turns a growing id sequence into text deltas without splitting multi-byte characters. */
    public IncrementalDecoder newIncrementalDecoder() {
        return new IncrementalDecoder(this);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
