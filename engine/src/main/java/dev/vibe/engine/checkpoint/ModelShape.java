package dev.vibe.engine.checkpoint;

import dev.vibe.engine.tokenizer.TokenizerJsonWriter;
import java.util.Arrays;
import java.util.List;

/**
 * Qwen2 shapes a random checkpoint can take. {@code TINY} is for tests (it writes in milliseconds and its vocabulary
 * is exactly the 256 bytes plus the three ChatML specials); the others have the real models' sizes, for
 * benchmarks, with the Qwen2 special-token ids (151643..151645) in a 151936-id vocabulary.
 */
public enum ModelShape {

    TINY("tiny", 64, 128, 2, 4, 2, 16, 259, -1, 2048, 10000.0, 1e-6),
    QWEN2_5_0_5B("qwen2.5-0.5b", 896, 4864, 24, 14, 2, 64, 151936, 151643, 32768, 1_000_000.0, 1e-6),
    /** rope_theta and context are assumptions here: the real checkpoint's config.json decides them. */
    VIBETHINKER_1_5B("vibethinker-1.5b", 1536, 8960, 28, 12, 2, 128, 151936, 151643, 65536, 1_000_000.0, 1e-6);

    private final String id;
    private final int hidden;
    private final int intermediate;
    private final int layers;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int vocab;
    private final int specialsStart;
    private final int context;
    private final double ropeTheta;
    private final double rmsNormEps;

    ModelShape(String id, int hidden, int intermediate, int layers, int heads, int kvHeads, int headDim, int vocab,
            int specialsStart, int context, double ropeTheta, double rmsNormEps) {
        this.id = id;
        this.hidden = hidden;
        this.intermediate = intermediate;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.vocab = vocab;
        this.specialsStart = specialsStart;
        this.context = context;
        this.ropeTheta = ropeTheta;
        this.rmsNormEps = rmsNormEps;
    }

    /** The name on the command line, e.g. {@code vibethinker-1.5b}. */
    public String id() {
        return id;
    }

    /** The shape named {@code id} (case-insensitive). */
    public static ModelShape of(String id) {
        for (ModelShape s : values()) {
            if (s.id.equalsIgnoreCase(id.trim()) || s.name().equalsIgnoreCase(id.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown model shape '" + id + "' (known: " + ids() + ")");
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ModelShape::id).toList();
    }

    /** The tokenizer a random checkpoint of this shape ships: byte-level, padded to the vocabulary. */
    public TokenizerJsonWriter tokenizer() {
        TokenizerJsonWriter writer = TokenizerJsonWriter.byteLevelBpe(List.of()).optVocabSize(vocab)
                .optModelMaxLength(context);
        if (specialsStart >= 0) {
            writer.optSpecialTokensStartId(specialsStart);
        }
        if (writer.vocabSize() != vocab) {
            throw new IllegalStateException(id + ": tokenizer has " + writer.vocabSize() + " ids, shape " + vocab);
        }
        return writer;
    }

    /**
     * The {@code config.json} of this shape. Qwen2.5 chat checkpoints use {@code <|endoftext|>} as bos and
     * {@code <|im_end|>} as eos.
     */
    public Qwen2Config config(boolean tied, DType dtype) {
        TokenizerJsonWriter tokenizer = tokenizer();
        return new Qwen2Config(CheckpointFiles.QWEN2_ARCHITECTURE, hidden, intermediate, layers, heads, kvHeads,
                headDim, vocab, context, ropeTheta, rmsNormEps, tied, dtype.torchName(), tokenizer.endOfTextId(),
                List.of(tokenizer.imEndId()));
    }

    @Override
    public String toString() {
        return id;
    }
}
