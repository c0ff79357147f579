package dev.vibe.engine.checkpoint;

import dev.vibe.engine.tokenizer.TokenizerJsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a complete checkpoint folder with random weights: config.json, generation_config.json, safetensors
 * (optionally sharded), tokenizer.json and tokenizer_config.json. Linear weights, biases and embeddings are drawn
 * from N(0, std²) (std 0.02 by default: logits stay small enough that sampling varies yet the network is not
 * degenerate); norm weights are 1. The same seed gives the same bytes, whatever the dtype or sharding.
 *
 * <pre>{@code
 * Path dir = RandomCheckpoint.builder().setShape(ModelShape.TINY).optSeed(7).build().write(tempDir);
 * }</pre>
 */
public final class RandomCheckpoint {

    /** Elements drawn from one seeded generator: values do not depend on how a writer chunks a tensor. */
    static final int BLOCK = 4096;

    private final ModelShape shape;
    private final long seed;
    private final DType dtype;
    private final boolean tied;
    private final int shards;
    private final double std;
    private final ByteProgress progress;

    private RandomCheckpoint(Builder b) {
        this.shape = b.shape;
        this.seed = b.seed;
        this.dtype = b.dtype;
        this.tied = b.tied;
        this.shards = b.shards;
        this.std = b.std;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A tiny float32 checkpoint (seed 0, tied): what most tests need. */
    public static Path writeTiny(Path directory) {
        return builder().setShape(ModelShape.TINY).build().write(directory);
    }

    public Qwen2Config config() {
        return shape.config(tied, dtype);
    }

    /** Bytes of weights the checkpoint will hold. */
    public long weightBytes() {
        long total = 0;
        for (TensorSpec t : tensorSpecs()) {
            total += t.byteLength();
        }
        return total;
    }

    private List<TensorSpec> tensorSpecs() {
        List<TensorSpec> specs = new ArrayList<>();
        for (Map.Entry<String, long[]> e : Qwen2Tensors.expected(config(), !tied).entrySet()) {
            specs.add(new TensorSpec(e.getKey(), dtype, e.getValue()));
        }
        return specs;
    }

    /** Writes the folder (created if needed; files of the same names are replaced) and returns it. */
    public Path write(Path directory) {
        Qwen2Config config = config();
        TokenizerJsonWriter tokenizer = shape.tokenizer();
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(directory + ": cannot create: " + e.getMessage(), e);
        }
        List<TensorSpec> specs = tensorSpecs();
        long total = weightBytes();
        long done = 0;
        progress.update(0, total);
        try (ShardedSafetensorsWriter writer = ShardedSafetensorsWriter.create(directory, specs, shards,
                Map.of("format", "pt", "generator", "vibe RandomCheckpoint " + shape.id() + " seed " + seed))) {
            for (TensorSpec t : specs) {
                if (Qwen2Tensors.isNorm(t.name())) {
                    writer.write(t.name(), (start, chunk, count) -> java.util.Arrays.fill(chunk, 0, count, 1f));
                } else {
                    writer.write(t.name(), gaussian(t.name()));
                }
                done += t.byteLength();
                progress.update(done, total);
            }
        }
        // config.json last: a folder that has one is complete
        tokenizer.writeTo(directory);
        ConfigJson.writeGenerationConfig(directory.resolve(CheckpointFiles.GENERATION_CONFIG),
                new GenerationConfig(List.of(tokenizer.imEndId(), tokenizer.endOfTextId()), null, null, null, null),
                config.bosTokenId());
        ConfigJson.writeConfig(directory.resolve(CheckpointFiles.CONFIG), config);
        return directory;
    }

    /** N(0, std²) values of one tensor, drawn per block of {@link #BLOCK} elements from a seed of its own. */
    private FloatFiller gaussian(String tensorName) {
        long tensorSeed = new SplittableRandom(seed).split().nextLong() ^ (tensorName.hashCode() * 0x9E3779B97F4A7C15L);
        return (start, chunk, count) -> {
            int i = 0;
            while (i < count) {
                long index = start + i;
                long block = index / BLOCK;
                SplittableRandom random = new SplittableRandom(tensorSeed + block * 0xBF58476D1CE4E5B9L);
                int skip = (int) (index % BLOCK);
                for (int s = 0; s < skip; s++) {
                    random.nextGaussian();
                }
                int n = (int) Math.min(count - i, BLOCK - skip);
                for (int k = 0; k < n; k++) {
                    chunk[i + k] = (float) (random.nextGaussian() * std);
                }
                i += n;
            }
        };
    }

    /** Settings of a random checkpoint: the shape is required, everything else has a default. */
    public static final class Builder {
        private ModelShape shape;
        private long seed;
        private DType dtype = DType.F32;
        private boolean tied = true;
        private int shards = 1;
        private double std = 0.02;
        private ByteProgress progress = ByteProgress.NONE;

        private Builder() {
        }

        public Builder setShape(ModelShape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /** Seed of the weights (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Element type in the safetensors files (default F32). */
        public Builder optDType(DType dtype) {
            this.dtype = Objects.requireNonNull(dtype, "dtype");
            return this;
        }

        /** Tied embeddings (default) or a separate {@code lm_head.weight}. */
        public Builder optTied(boolean tied) {
            this.tied = tied;
            return this;
        }

        /** Number of safetensors shards (default 1: a single model.safetensors). */
        public Builder optShards(int shards) {
            this.shards = shards;
            return this;
        }

        /** Standard deviation of the random weights (default 0.02). */
        public Builder optStd(double std) {
            this.std = std;
            return this;
        }

        /** Receives bytes of weights written. */
        public Builder optProgress(ByteProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public RandomCheckpoint build() {
            if (shape == null) {
                throw new IllegalArgumentException("a random checkpoint needs a shape (" + ModelShape.ids() + ")");
            }
            int tensors = Qwen2Tensors.expected(shape.config(tied, dtype), !tied).size();
            if (shards < 1 || shards > tensors) {
                throw new IllegalArgumentException("shards must be between 1 and " + tensors + " (the tensors of "
                        + shape.id() + "), got " + shards);
            }
            if (!(std > 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("std must be a positive number, got " + std);
            }
            return new RandomCheckpoint(this);
        }
    }
}
