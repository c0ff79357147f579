package dev.vibe.engine.train;

import dev.vibe.engine.checkpoint.Qwen2Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of a demo-model training run, validated when built.
 *
 * @param outputDir where the checkpoint folder is written
 * @param steps optimizer steps
 * @param seed seeds the initial weights, the tokenizer corpus and the training problems
 * @param batchSize sequences a step
 * @param learningRate peak learning rate (after warmup; cosine decay to a tenth of it)
 * @param warmupSteps linear warmup steps
 * @param vocabSize tokenizer vocabulary without the three special tokens (at least 256 byte tokens)
 * @param hiddenSize model width
 * @param layers decoder layers
 * @param heads attention heads
 * @param kvHeads key/value heads (GQA)
 * @param intermediateSize MLP width
 * @param contextLength max_position_embeddings
 * @param tokenizerCorpus problems the BPE merges are learned from
 * @param saveEvery write the weights every this many steps too (0: only at the end)
 * @param initFrom a previous run's checkpoint to continue training from (same seed and shape), or null
 */
public record DemoTrainingConfig(Path outputDir, int steps, long seed, int batchSize, double learningRate,
        int warmupSteps, int vocabSize, int hiddenSize, int layers, int heads, int kvHeads, int intermediateSize,
        int contextLength, int tokenizerCorpus, int saveEvery, Path initFrom) {

    public DemoTrainingConfig {
        Objects.requireNonNull(outputDir, "outputDir");
        positive("steps", steps);
        positive("batch size", batchSize);
        positive("hidden size", hiddenSize);
        positive("layers", layers);
        positive("heads", heads);
        positive("KV heads", kvHeads);
        positive("intermediate size", intermediateSize);
        positive("context length", contextLength);
        positive("tokenizer corpus", tokenizerCorpus);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (saveEvery < 0) {
            throw new IllegalArgumentException("save interval must be >= 0 (0 = only at the end), got " + saveEvery);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmup steps must be >= 0, got " + warmupSteps);
        }
        if (vocabSize < 256) {
            throw new IllegalArgumentException("vocab size must be >= 256 (the byte tokens), got " + vocabSize);
        }
        if (hiddenSize % heads != 0 || heads % kvHeads != 0 || (hiddenSize / heads) % 2 != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + ", heads " + heads + " and KV heads "
                    + kvHeads + " must give an even head dim and whole query groups");
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** The model's architecture for a tokenizer of {@code totalVocab} tokens (special tokens included). */
    public Qwen2Config modelConfig(int totalVocab, List<Integer> eosTokenIds) {
        return new Qwen2Config("Qwen2ForCausalLM", hiddenSize, intermediateSize, layers, heads, kvHeads,
                hiddenSize / heads, totalVocab, contextLength, 10000.0, 1e-6, true, "float32", -1, eosTokenIds);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().setOutputDir(outputDir).optSteps(steps).optSeed(seed).optBatchSize(batchSize)
                .optLearningRate(learningRate).optWarmupSteps(warmupSteps).optVocabSize(vocabSize)
                .optHiddenSize(hiddenSize).optLayers(layers).optHeads(heads).optKvHeads(kvHeads)
                .optIntermediateSize(intermediateSize).optContextLength(contextLength)
                .optTokenizerCorpus(tokenizerCorpus).optSaveEvery(saveEvery).optInitFrom(initFrom);
    }

    /** {@code set…} for required settings, {@code opt…} for optional ones; defaults are the committed model's. */
    public static final class Builder {
        private Path outputDir;
        private int steps = 2000;
        private long seed = 1;
        private int batchSize = 32;
        private double learningRate = 4e-3;
        private int warmupSteps = 100;
        private int vocabSize = 512;
        private int hiddenSize = 96;
        private int layers = 4;
        private int heads = 4;
        private int kvHeads = 2;
        private int intermediateSize = 384;
        private int contextLength = 512;
        private int tokenizerCorpus = 20_000;
        private int saveEvery = 0;
        private Path initFrom;

        public Builder setOutputDir(Path v) { outputDir = v; return this; }
        public Builder optSteps(int v) { steps = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        public Builder optLearningRate(double v) { learningRate = v; return this; }
        public Builder optWarmupSteps(int v) { warmupSteps = v; return this; }
        public Builder optVocabSize(int v) { vocabSize = v; return this; }
        public Builder optHiddenSize(int v) { hiddenSize = v; return this; }
        public Builder optLayers(int v) { layers = v; return this; }
        public Builder optHeads(int v) { heads = v; return this; }
        public Builder optKvHeads(int v) { kvHeads = v; return this; }
        public Builder optIntermediateSize(int v) { intermediateSize = v; return this; }
        public Builder optContextLength(int v) { contextLength = v; return this; }
        public Builder optTokenizerCorpus(int v) { tokenizerCorpus = v; return this; }
        public Builder optSaveEvery(int v) { saveEvery = v; return this; }
        public Builder optInitFrom(Path v) { initFrom = v; return this; }

        public DemoTrainingConfig build() {
            if (outputDir == null) {
                throw new IllegalArgumentException("output directory is required (setOutputDir)");
            }
            return new DemoTrainingConfig(outputDir, steps, seed, batchSize, learningRate, warmupSteps, vocabSize,
                    hiddenSize, layers, heads, kvHeads, intermediateSize, contextLength, tokenizerCorpus, saveEvery, initFrom);
        }
    }
}
