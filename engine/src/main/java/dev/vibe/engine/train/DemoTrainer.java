package dev.vibe.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.checkpoint.CheckpointFiles;
import dev.vibe.engine.checkpoint.ConfigJson;
import dev.vibe.engine.checkpoint.DType;
import dev.vibe.engine.checkpoint.GenerationConfig;
import dev.vibe.engine.checkpoint.Qwen2Config;
import dev.vibe.engine.checkpoint.SafetensorsWriter;
import dev.vibe.engine.checkpoint.TensorSpec;
import dev.vibe.engine.model.Qwen2Model;
import dev.vibe.engine.model.Qwen2Weights;
import dev.vibe.engine.prompt.ChatTemplate;
import dev.vibe.engine.prompt.Prompt;
import dev.vibe.engine.tokenizer.Tokenizer;
import dev.vibe.engine.tokenizer.TokenizerJsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the arithmetic demo model end to end: learns a byte-level BPE tokenizer on the synthetic corpus, then
 * trains a small Qwen2 with DJL autograd through the project's own {@link Qwen2Model#forward}, and writes a
 * Hugging Face checkpoint folder (config, generation config, safetensors, tokenizer) with the loss curve.
 *
 * <p>The loss is next-token cross-entropy on the assistant's tokens only (the prompt is context, not a target).
 * Sequences are right-padded: under the causal mask padding at the end never affects real positions, and its
 * targets are masked out. Everything random comes from the seed, so a run is repeatable on one machine.
 */
public final class DemoTrainer {

    /** Receives progress once a step. */
    public interface Listener {
        void onStep(int step, double loss, double learningRate);
    }

    /**
     * What a run produced.
     *
     * @param directory the checkpoint folder
     * @param losses the training loss of every step
     * @param parameters trainable parameters
     * @param vocabSize the tokenizer's size, special tokens included
     * @param seconds wall time of the whole run
     */
    public record Report(Path directory, List<Double> losses, long parameters, int vocabSize, double seconds) {

        public Report {
            losses = List.copyOf(losses);
        }

        /** Mean loss of the first (or last) {@code n} steps. */
        public double meanLoss(boolean last, int n) {
            int count = Math.min(n, losses.size());
            int from = last ? losses.size() - count : 0;
            return losses.subList(from, from + count).stream().mapToDouble(Double::doubleValue).average()
                    .orElse(Double.NaN);
        }
    }

    private final DemoTrainingConfig config;
    /** Runs between forward and backward: tests force a garbage collection there. */
    Runnable beforeBackward = () -> { };

    public DemoTrainer(DemoTrainingConfig config) {
        this.config = config;
    }

    /** Runs the whole training and writes the checkpoint folder. */
    public Report run(Listener listener) {
        long start = System.nanoTime();
        Path out = config.outputDir();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create the output folder: " + e.getMessage(), e);
        }
        TokenizerJsonWriter tokenizerFiles = TokenizerJsonWriter.byteLevelBpe(
                BpeTrainer.train(tokenizerCorpus(), config.vocabSize())).optModelMaxLength(config.contextLength());
        tokenizerFiles.writeTo(out);
        Path tokenizerJson = out.resolve(CheckpointFiles.TOKENIZER);
        int totalVocab = tokenizerFiles.vocabSize();
        int endOfText = tokenizerFiles.endOfTextId();
        int imEnd = tokenizerFiles.imEndId();
        Qwen2Config modelConfig = config.modelConfig(totalVocab, List.of(imEnd, endOfText));
        ConfigJson.writeConfig(out.resolve(CheckpointFiles.CONFIG), modelConfig);
        ConfigJson.writeGenerationConfig(out.resolve(CheckpointFiles.GENERATION_CONFIG),
                new GenerationConfig(List.of(imEnd, endOfText), 0.6, 0.95, null, 256), -1);

        List<Double> losses = new ArrayList<>(config.steps());
        long parameterCount;
        try (Tokenizer tokenizer = Tokenizer.load(tokenizerJson);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
            Qwen2Weights weights = config.initFrom() == null
                    ? Qwen2Weights.random(modelConfig, manager, config.seed(), 0.02f)
                    : continueFrom(config.initFrom(), modelConfig, tokenizerJson, manager);
            NDList parameters = weights.parameters();
            parameterCount = 0;
            for (NDArray p : parameters) {
                p.setRequiresGradient(true);
                parameterCount += p.getShape().size();
            }
            Qwen2Model model = new Qwen2Model(weights);
            AdamW optimizer = new AdamW(parameters, manager, 0.9, 0.95, 1e-8, 0.01, 1.0);
            // A continuation draws a fresh stream of problems rather than replaying the first run's.
            SplittableRandom data = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + 7
                    + (config.initFrom() == null ? 0 : 1_000_003));
            for (int step = 1; step <= config.steps(); step++) {
                double lr = learningRate(step);
                Batch batch = batch(tokenizer, data, endOfText);
                double loss = step(model, parameters, optimizer, batch, lr, manager);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("training diverged at step " + step + ": loss " + loss);
                }
                losses.add(loss);
                listener.onStep(step, loss, lr);
                if (config.saveEvery() > 0 && step % config.saveEvery() == 0 && step < config.steps()) {
                    writeWeights(out, weights); // a usable snapshot while a long run goes on
                }
            }
            writeWeights(out, weights);
        }
        LossChart.write(out.resolve("loss.png"), losses, String.format(java.util.Locale.ROOT,
                "demo-arithmetic: training loss, %d steps x %d sequences, seed %d", config.steps(),
                config.batchSize(), config.seed()));
        return new Report(out, losses, parameterCount, totalVocab, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Trainable copies of a previous run's weights (the checkpoint's arrays are read-only mappings), after checking
     * that it has this run's shape and tokenizer (the tokenizer is a function of the seed).
     */
    private static Qwen2Weights continueFrom(Path dir, Qwen2Config modelConfig, Path tokenizerJson,
            NDManager manager) {
        try (Checkpoint previous = Checkpoint.open(dir)) {
            Qwen2Config c = previous.config();
            if (c.hiddenSize() != modelConfig.hiddenSize() || c.numHiddenLayers() != modelConfig.numHiddenLayers()
                    || c.intermediateSize() != modelConfig.intermediateSize()
                    || c.vocabSize() != modelConfig.vocabSize()
                    || c.numAttentionHeads() != modelConfig.numAttentionHeads()
                    || c.numKeyValueHeads() != modelConfig.numKeyValueHeads()) {
                throw new IllegalArgumentException(dir + ": cannot continue from a model of another shape (hidden "
                        + c.hiddenSize() + ", layers " + c.numHiddenLayers() + ", vocab " + c.vocabSize() + ")");
            }
            if (Files.mismatch(previous.tokenizerJson(), tokenizerJson) != -1) {
                throw new IllegalArgumentException(dir + ": its tokenizer differs from this seed's: continue with"
                        + " the seed it was trained with");
            }
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (Map.Entry<String, Shape> e : Qwen2Weights.expectedShapes(modelConfig).entrySet()) {
                float[] values = new float[Math.toIntExact(e.getValue().size())];
                previous.float32(e.getKey()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                arrays.put(e.getKey(), manager.create(values, e.getValue()));
            }
            return Qwen2Weights.fromMap(modelConfig, arrays);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Linear warmup, then cosine decay to a tenth of the peak at the last step. */
    double learningRate(int step) {
        double peak = config.learningRate();
        if (step <= config.warmupSteps()) {
            return peak * step / config.warmupSteps();
        }
        double progress = (double) (step - config.warmupSteps()) / Math.max(1, config.steps() - config.warmupSteps());
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    private Iterable<String> tokenizerCorpus() {
        SplittableRandom random = new SplittableRandom(config.seed());
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < config.tokenizerCorpus(); i++) {
            ArithmeticProblems.Problem p = ArithmeticProblems.training(random);
            String full = Prompt.forProblem(p.question(), null).render() + p.completion();
            // Special tokens are added tokens, never split by BPE: learn merges on the text between them only.
            for (String piece : full.split("<\\|im_start\\|>|<\\|im_end\\|>|<\\|endoftext\\|>")) {
                if (!piece.isEmpty()) {
                    texts.add(piece);
                }
            }
        }
        return texts;
    }

    /** Token ids, next-token targets and the loss mask of one padded batch, row-major {@code [B, T]}. */
    record Batch(long[] inputs, long[] targets, float[] mask, int rows, int length, float targetCount) {
    }

    private Batch batch(Tokenizer tokenizer, SplittableRandom random, int padId) {
        int rows = config.batchSize();
        List<int[]> sequences = new ArrayList<>(rows);
        int[] promptLengths = new int[rows];
        int longest = 0;
        for (int r = 0; r < rows; r++) {
            ArithmeticProblems.Problem p = ArithmeticProblems.training(random);
            int[] prompt = tokenizer.encode(Prompt.forProblem(p.question(), null).render());
            int[] answer = tokenizer.encode(p.completion() + ChatTemplate.IM_END);
            int[] seq = new int[prompt.length + answer.length];
            System.arraycopy(prompt, 0, seq, 0, prompt.length);
            System.arraycopy(answer, 0, seq, prompt.length, answer.length);
            if (seq.length > config.contextLength()) {
                throw new IllegalStateException("a training sequence of " + seq.length
                        + " tokens exceeds the context length " + config.contextLength());
            }
            sequences.add(seq);
            promptLengths[r] = prompt.length;
            longest = Math.max(longest, seq.length);
        }
        int length = longest - 1;
        long[] inputs = new long[rows * length];
        long[] targets = new long[rows * length];
        float[] mask = new float[rows * length];
        float count = 0;
        for (int r = 0; r < rows; r++) {
            int[] seq = sequences.get(r);
            for (int t = 0; t < length; t++) {
                int i = r * length + t;
                inputs[i] = t < seq.length ? seq[t] : padId;
                targets[i] = t + 1 < seq.length ? seq[t + 1] : padId;
                // position t predicts token t + 1: a target when that token belongs to the answer
                if (t + 1 < seq.length && t + 1 >= promptLengths[r]) {
                    mask[i] = 1f;
                    count++;
                }
            }
        }
        return new Batch(inputs, targets, mask, rows, length, count);
    }

    private double step(Qwen2Model model, NDList parameters, AdamW optimizer, Batch batch, double lr,
            NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            for (NDArray p : parameters) {
                p.tempAttach(step);
            }
            Shape shape = new Shape(batch.rows(), batch.length());
            NDArray inputs = step.create(batch.inputs(), shape);
            NDArray targets = step.create(batch.targets(), shape);
            NDArray mask = step.create(batch.mask(), shape);
            double loss;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logProbs = model.forward(inputs).logSoftmax(-1);
                NDArray picked = logProbs.gather(targets.expandDims(-1), -1).squeeze(-1);
                // The divisor as an array the step keeps: div(Number) frees its operand before backward needs it.
                NDArray mean = picked.mul(mask).sum().neg().div(step.create(batch.targetCount()));
                beforeBackward.run();
                collector.backward(mean);
                loss = mean.getFloat();
            }
            optimizer.update(lr, step);
            return loss;
        }
    }

    private static void writeWeights(Path out, Qwen2Weights weights) {
        Map<String, float[]> values = new LinkedHashMap<>();
        List<TensorSpec> specs = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : weights.tensors().entrySet()) {
            values.put(e.getKey(), e.getValue().toFloatArray());
            specs.add(new TensorSpec(e.getKey(), DType.F32, e.getValue().getShape().getShape()));
        }
        try (SafetensorsWriter writer = SafetensorsWriter.create(out.resolve(CheckpointFiles.SINGLE_WEIGHTS), specs,
                Map.of("format", "pt"))) {
            values.forEach(writer::write);
        }
    }
}
