package dev.vibe.cli.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.cli.Common;
import dev.vibe.engine.Engine;
import dev.vibe.engine.EngineConfig;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.ModelInfo;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.checkpoint.DType;
import dev.vibe.engine.checkpoint.ModelShape;
import dev.vibe.engine.checkpoint.Qwen2Config;
import dev.vibe.engine.cpu.MklVendorShim;
import dev.vibe.engine.cpu.NativeMatmul;
import dev.vibe.engine.generate.BatchingEngine;
import dev.vibe.engine.model.Qwen2Weights;
import dev.vibe.engine.prompt.Prompt;
import dev.vibe.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Decode and prefill throughput of the engine per concurrency, peak memory, and how close batch-1 decode comes to
 * the memory-bandwidth bound (every weight byte is read once per decode step, so a step cannot beat weight bytes ÷
 * the machine's copy bandwidth). A benchmark, not a test: it prints figures and asserts nothing.
 */
@Command(name = "engine", description = "Benchmark the engine's decode and prefill per concurrency.")
public final class BenchEngineCommand implements Runnable {

    @Mixin
    Common common;

    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", description = "A checkpoint folder.")
        Path model;

        @Option(names = "--shape", paramLabel = "SHAPE",
                description = "Random weights of a known architecture: tiny, qwen2.5-0.5b, vibethinker-1.5b.")
        String shape;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,4,16",
            description = "Concurrent requests per run (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Option(names = "--prompt-tokens", defaultValue = "64", description = "Prompt length (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--new-tokens", defaultValue = "32", description = "Tokens generated per request (default: ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", description = "float32 or float16 (default: float32 on CPU, float16 on CUDA).")
    String dataType;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed rounds, each measuring the copy bandwidth"
            + " and every concurrency once; medians are reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: one per core). On a machine"
            + " shared with other busy processes, 1 avoids OpenMP threads waiting on each other for a time slice.")
    Integer threads;

    @Option(names = "--json", description = "Print a JSON array, one object per concurrency.")
    boolean json;

    @Override
    public void run() {
        if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("--concurrency needs positive numbers, got " + concurrency);
        }
        if (promptTokens < 1 || newTokens < 2 || repeats < 1) {
            throw new IllegalArgumentException("--prompt-tokens >= 1, --new-tokens >= 2 and --repeats >= 1 needed");
        }
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            }
            // Read by DJL's PyTorch engine when it starts, which is below (first NDManager).
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        }
        int slots = concurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
        long kvTokens = (long) slots * (promptTokens + newTokens + 16);
        try (Engine engine = open(slots, kvTokens)) {
            Qwen2Config config = engine.model().config();
            long weightBytes = weightBytesPerToken(config, engine.model().dataType());
            progress("model %s: %,d weight bytes read per decode step", engine.model().id(), weightBytes);
            MklVendorShim.Status shim = MklVendorShim.status();
            progress("%s", shim.describe());
            progress("%s", NativeMatmul.status().describe());
            for (int c : concurrency) {
                run(engine, c, 0, 2); // warm-up: JIT, allocator
            }
            // Rounds interleave the concurrencies and a bandwidth measurement, and the ratios are taken within a
            // round: on a shared machine the neighbours' load drifts, and a ratio of figures measured minutes
            // apart would measure the drift.
            int n = concurrency.size();
            CopyBandwidth copy = new CopyBandwidth();
            double[][] decode = new double[n][repeats];
            double[][] prefill = new double[n][repeats];
            double[] bandwidth = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                bandwidth[r] = copy.measure();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "round %d: copy bandwidth %.1f GB/s, load average %s; decode tok/s", r + 1,
                        bandwidth[r] / 1e9, loadAverage()));
                for (int i = 0; i < n; i++) {
                    int c = concurrency.get(i);
                    prefill[i][r] = measurePrefill(engine, c, r + 1);
                    decode[i][r] = measureDecode(engine, c, r + 1);
                    line.append(String.format(Locale.ROOT, " c%d %.2f", c, decode[i][r]));
                }
                progress("%s", line);
            }
            int base = concurrency.indexOf(1);
            double[] bound = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                bound[r] = bandwidth[r] / weightBytes;
            }
            ArrayNode rows = new ObjectMapper().createArrayNode();
            for (int i = 0; i < n; i++) {
                int c = concurrency.get(i);
                double[] speedup = new double[repeats];
                double[] boundRatio = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    speedup[r] = base < 0 ? Double.NaN : decode[i][r] / decode[base][r];
                    // Steps per second relative to the bound: at batch 1 the share of the bound reached.
                    boundRatio[r] = decode[i][r] / c / bound[r];
                }
                ObjectNode row = rows.addObject();
                row.put("concurrency", c);
                row.put("decode_tokens_per_s", round(median(decode[i])));
                row.put("prefill_tokens_per_s", round(median(prefill[i])));
                row.put("peak_rss_bytes", peakRss());
                row.put("bandwidth_bound_ratio", round(median(boundRatio)));
                row.put("decode_speedup_vs_batch1", base < 0 ? null : round(median(speedup)));
                row.put("bandwidth_bound_tokens_per_s", round(median(bound)));
                row.put("weight_bytes_per_step", weightBytes);
                row.put("copy_bandwidth_bytes_per_s", Math.round(median(bandwidth)));
                row.put("prompt_tokens", promptTokens);
                row.put("new_tokens", newTokens);
                row.put("model", engine.model().id());
                row.put("dtype", engine.model().dataType());
                row.put("mkl_vendor_shim", shim.state().name().toLowerCase(Locale.ROOT));
                row.put("mkl_cpu_code", shim.mklCpuCode());
            }
            print(rows);
        }
    }

    private Engine open(int slots, long kvTokens) {
        if (source != null && source.shape != null) {
            return randomEngine(ModelShape.of(source.shape), slots, kvTokens);
        }
        Path dir = source != null && source.model != null ? source.model : Common.defaultModel();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model directory does not exist: " + dir);
        }
        progress("loading %s", dir);
        return Engine.open(EngineConfig.builder().setModelDir(dir).optDevice(device).optDataType(dataType)
                .optMaxSlots(slots).optKvCacheTokens(kvTokens).optMaxPrefillTokens(Math.max(4096, promptTokens))
                .build());
    }

    /** Random weights of {@code shape} built in memory (no disk), with the shape's byte-level tokenizer. */
    private Engine randomEngine(ModelShape shape, int slots, long kvTokens) {
        Path dir;
        try {
            dir = Files.createTempDirectory("vibe-bench-" + shape.id());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shape.tokenizer().writeTo(dir);
        Qwen2Config config = shape.config(true, DType.F32);
        EngineConfig engineConfig = new EngineConfig(dir, device, dataType, slots, kvTokens,
                Math.max(4096, promptTokens));
        Device dev = engineConfig.cuda() ? Device.gpu(engineConfig.deviceIndex()) : Device.cpu();
        progress("building random %s weights in memory (%,d parameters)", shape.id(), config.parameterCount());
        NDManager manager = NDManager.newBaseManager(dev);
        // Built on a thread that then exits: a thread that ran a parallel libtorch op keeps an OpenMP team, which
        // would slow the engine's own (see BatchingEngine's constructor).
        CompletableFuture<Qwen2Weights> built = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            try {
                built.complete(Qwen2Weights.random(config, manager, 0));
            } catch (Throwable t) {
                built.completeExceptionally(t);
            }
        }, "vibe-bench-weights");
        builder.start();
        Qwen2Weights weights = built.join();
        try {
            builder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (engineConfig.dataType().equals("float16")) {
            throw new IllegalArgumentException("--shape builds float32 weights; use --model for float16");
        }
        Tokenizer tokenizer = Tokenizer.load(dir.resolve("tokenizer.json"));
        ModelInfo info = new ModelInfo("random-" + shape.id(), "seed0", dir, config, dev.toString(),
                engineConfig.dataType());
        return BatchingEngine.create(engineConfig, weights, tokenizer, Set.copyOf(config.eosTokenIds()), info,
                List.of(tokenizer, manager));
    }

    /** Prefill rate: c distinct prompts generating one token each, submitted together. */
    private double measurePrefill(Engine engine, int c, int run) {
        long start = System.nanoTime();
        List<GenerationResult> results = run(engine, c, run * 1000, 1);
        long elapsed = System.nanoTime() - start;
        long tokens = results.stream().mapToLong(GenerationResult::promptTokens).sum();
        return tokens / (elapsed / 1e9);
    }

    /**
     * Decode rate while all c requests decode together: token times come from a listener, the window runs from the
     * moment the last request got its first token (every prefill done) to the moment the first one got its last
     * (nobody finished yet), and only tokens inside the window count.
     */
    private double measureDecode(Engine engine, int c, int run) {
        long[][] times = new long[c][newTokens + 1];
        int[] counts = new int[c];
        List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            int row = i;
            futures.add(engine.submit(new GenerationRequest("bench-" + run + "-" + i,
                    Prompt.raw(promptText(run * 1000 + 500 + i)), SamplingParams.greedy(newTokens)),
                    (token, delta) -> times[row][counts[row]++] = System.nanoTime()));
        }
        futures.forEach(f -> {
            GenerationResult r = f.join();
            if (r.error() != null) {
                throw new IllegalStateException("benchmark request failed: " + r.error());
            }
        });
        long start = Long.MIN_VALUE;
        long end = Long.MAX_VALUE;
        for (int i = 0; i < c; i++) {
            start = Math.max(start, times[i][0]);
            end = Math.min(end, times[i][counts[i] - 1]);
        }
        long tokens = 0;
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < counts[i]; j++) {
                if (times[i][j] > start && times[i][j] <= end) {
                    tokens++;
                }
            }
        }
        if (end <= start || tokens == 0) {
            throw new IllegalStateException("no decode step ran with all " + c + " requests together; raise "
                    + "--new-tokens");
        }
        return tokens / ((end - start) / 1e9);
    }

    private List<GenerationResult> run(Engine engine, int c, int salt, int maxNew) {
        List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            futures.add(engine.submit(new GenerationRequest("bench-" + salt + "-" + i,
                    Prompt.raw(promptText(salt + i)), SamplingParams.greedy(maxNew))));
        }
        List<GenerationResult> results = new ArrayList<>();
        for (CompletableFuture<GenerationResult> f : futures) {
            GenerationResult r = f.join();
            if (r.error() != null) {
                throw new IllegalStateException("benchmark request failed: " + r.error());
            }
            results.add(r);
        }
        return results;
    }

    /** About {@link #promptTokens} tokens of distinct text (distinct so no two requests share a prefill). */
    private String promptText(int salt) {
        StringBuilder sb = new StringBuilder(salt + ": ");
        char[] letters = "etaoinshrdlucmfwypvbgkjqxz".toCharArray();
        long x = salt * 0x9E3779B97F4A7C15L + 1;
        while (sb.length() < promptTokens) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(letters[(int) Math.floorMod(x, letters.length)]);
        }
        return sb.substring(0, promptTokens);
    }

    /** Bytes of weights a decode step reads: all of them but the embedding rows (read one row per token). */
    static long weightBytesPerToken(Qwen2Config c, String dataType) {
        long params = c.parameterCount();
        if (!c.tieWordEmbeddings()) {
            params -= (long) c.vocabSize() * c.hiddenSize();
        }
        return params * ("float16".equals(dataType) ? 2 : 4);
    }

    /**
     * The machine's memory bandwidth: two threads (one per core, as libtorch runs) each copy a 64 MiB buffer into
     * another (256 MiB in all, 8x the L3 cache of the machines here), counting bytes read plus bytes written (STREAM's
     * convention), best of five. Matrix-vector products read the weights once a step, so this bounds batch-1
     * decode. The buffers are allocated once and measured again every round.
     */
    static final class CopyBandwidth {
        private static final int HALF = 1 << 26;
        private final ByteBuffer[] src = {ByteBuffer.allocateDirect(HALF), ByteBuffer.allocateDirect(HALF)};
        private final ByteBuffer[] dst = {ByteBuffer.allocateDirect(HALF), ByteBuffer.allocateDirect(HALF)};

        CopyBandwidth() {
            for (int t = 0; t < 2; t++) {
                for (int i = 0; i < HALF; i += 4096) {
                    src[t].put(i, (byte) i);
                    dst[t].put(i, (byte) 0);
                }
            }
        }

        /** Bytes per second, read plus written. */
        double measure() {
            double best = 0;
            for (int r = 0; r < 5; r++) {
                Thread[] threads = new Thread[2];
                long start = System.nanoTime();
                for (int t = 0; t < 2; t++) {
                    int k = t;
                    threads[t] = new Thread(() -> dst[k].duplicate().clear().put(src[k].duplicate().clear()));
                    threads[t].start();
                }
                for (Thread t : threads) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return best;
                    }
                }
                long elapsed = System.nanoTime() - start;
                best = Math.max(best, 2.0 * 2 * HALF / (elapsed / 1e9));
            }
            return best;
        }
    }

    /** Peak resident memory of this process (VmHWM), or -1 where /proc is absent. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private void print(ArrayNode rows) {
        if (json) {
            System.out.println(rows.toPrettyString());
            return;
        }
        System.out.printf(Locale.ROOT, "%-11s %14s %14s %10s %12s %12s%n", "concurrency", "decode tok/s",
                "prefill tok/s", "speedup", "peak RSS MiB", "bw-bound %");
        for (var row : rows) {
            System.out.printf(Locale.ROOT, "%-11d %14.2f %14.1f %9.2fx %12d %11.1f%%%n", row.get("concurrency").asInt(),
                    row.get("decode_tokens_per_s").asDouble(), row.get("prefill_tokens_per_s").asDouble(),
                    row.get("decode_speedup_vs_batch1").asDouble(Double.NaN),
                    row.get("peak_rss_bytes").asLong() >> 20, 100 * row.get("bandwidth_bound_ratio").asDouble());
        }
        var first = rows.get(0);
        System.out.printf(Locale.ROOT, "model %s %s, prompt %d + %d new tokens; bandwidth bound %.2f tok/s per "
                        + "sequence (%,d weight bytes per step, copy bandwidth %.1f GB/s); medians of %d rounds, speedup and "
                        + "bw-bound %% taken within each round%n",
                first.get("model").asText(), first.get("dtype").asText(), promptTokens, newTokens,
                first.get("bandwidth_bound_tokens_per_s").asDouble(), first.get("weight_bytes_per_step").asLong(),
                first.get("copy_bandwidth_bytes_per_s").asDouble() / 1e9, repeats);
        for (var row : rows) {
            if (row.get("concurrency").asInt() == 1) {
                System.out.printf(Locale.ROOT, "batch 1 reads the weights at %.1f GB/s (copy bandwidth counts a copy's "
                        + "bytes read plus written)%n", row.get("decode_tokens_per_s").asDouble()
                        * row.get("weight_bytes_per_step").asLong() / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "MKL vendor shim %s, MKL CPU code %d (0 = generic kernels, -1 = unknown)%n",
                first.get("mkl_vendor_shim").asText(), first.get("mkl_cpu_code").asInt());
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "vibe bench engine: " + format + "%n", args);
    }
}
