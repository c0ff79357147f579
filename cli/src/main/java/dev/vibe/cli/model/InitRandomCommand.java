package dev.vibe.cli.model;

import dev.vibe.cli.Common;
import dev.vibe.cli.Progress;
import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.checkpoint.DType;
import dev.vibe.engine.checkpoint.ModelShape;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vibe model init-random}: a complete checkpoint folder with random weights, for tests and benchmarks. */
@Command(name = "init-random", mixinStandardHelpOptions = true,
        description = "Write a random-weight checkpoint of a known shape (config, safetensors, tokenizer).",
        footer = {"", "Shapes: tiny (tests), qwen2.5-0.5b, vibethinker-1.5b (real sizes, for benchmarks)."})
public final class InitRandomCommand implements Callable<Integer> {

    private static final long MIB = 1 << 20;
    /** Below this many bytes a bar would only flash. */
    private static final long BAR_THRESHOLD = 64 * MIB;

    @Mixin
    Common common;

    @Option(names = "--shape", required = true, paramLabel = "SHAPE",
            description = "tiny, qwen2.5-0.5b or vibethinker-1.5b.")
    String shape;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Weight seed (default: 0).")
    long seed;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "f32",
            description = "f32, bf16 or f16 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--untied", description = "Store a separate lm_head.weight instead of tying it to embeddings.")
    boolean untied;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "1",
            description = "Safetensors shards (default: 1, a single model.safetensors).")
    int shards;

    @Option(names = "--force", description = "Overwrite a checkpoint already in DIR.")
    boolean force;

    @Parameters(paramLabel = "DIR", description = "Folder to write.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        DType type = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> DType.F32;
            case "bf16", "bfloat16" -> DType.BF16;
            case "f16", "float16" -> DType.F16;
            default -> throw new IllegalArgumentException("--dtype must be f32, bf16 or f16, got '" + dtype + "'");
        };
        if (!force && Files.exists(dir.resolve("config.json"))) {
            throw new IllegalArgumentException(dir + " already holds a checkpoint (config.json); --force overwrites");
        }
        RandomCheckpoint.Builder builder = RandomCheckpoint.builder().setShape(ModelShape.of(shape)).optSeed(seed)
                .optDType(type).optTied(!untied).optShards(shards);
        long bytes = builder.build().weightBytes();
        ProgressBar bar = bytes >= BAR_THRESHOLD ? Progress.bar("init-random " + shape, bytes / MIB, "MiB") : null;
        try {
            if (bar != null) {
                builder.optProgress((done, total) -> bar.stepTo(done / MIB));
            }
            builder.build().write(dir);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        try (Checkpoint c = Checkpoint.open(dir)) {
            long params = c.tensors().values().stream().mapToLong(t -> t.elementCount()).sum();
            System.out.printf("wrote random %s checkpoint to %s: %,d parameters, %s, %s, %d shard(s), %.1f MiB;"
                    + " revision %s%n", ModelShape.of(shape).id(), dir, params, type,
                    untied ? "untied lm_head" : "tied lm_head", shards, bytes / (double) MIB, c.revision());
        }
        return 0;
    }
}
