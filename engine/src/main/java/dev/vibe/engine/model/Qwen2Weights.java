package dev.vibe.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.checkpoint.Qwen2Config;
import dev.vibe.engine.cpu.MklVendorShim;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The parameters of a Qwen2 decoder as DJL NDArrays, each named as in the Hugging Face checkpoint. Linear weights
 * keep the checkpoint's {@code [out, in]} layout ({@code Linear.linear} takes them as they are).
 *
 * <p>Three ways in: {@link #fromMap} (arrays you already have, e.g. a training run's parameters), {@link #random}
 * (deterministic random init from a seed) and {@link #load} (a {@link Checkpoint}; zero-copy over its mapping for
 * F32 on CPU, so the checkpoint must stay open while these weights are used, and the arrays are read-only).
 */
public final class Qwen2Weights {

    public static final String EMBED_TOKENS = "model.embed_tokens.weight";
    public static final String NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";

    static {
        // Before any weights exist, so before the first matrix product: MKL binds its vendor test on first use.
        MklVendorShim.install();
    }

    /** One decoder layer's parameters. */
    public record Layer(
            NDArray inputLayernorm,
            NDArray qProj, NDArray qBias,
            NDArray kProj, NDArray kBias,
            NDArray vProj, NDArray vBias,
            NDArray oProj,
            NDArray postAttentionLayernorm,
            NDArray gateProj, NDArray upProj, NDArray downProj) {
    }

    private final Qwen2Config config;
    private final NDArray embedTokens;
    private final List<Layer> layers;
    private final NDArray norm;
    private final NDArray lmHead;
    private final boolean tied;
    private final Map<String, NDArray> byName;

    private Qwen2Weights(Qwen2Config config, Map<String, NDArray> byName) {
        this.config = config;
        this.byName = Collections.unmodifiableMap(byName);
        this.embedTokens = byName.get(EMBED_TOKENS);
        this.norm = byName.get(NORM);
        NDArray head = byName.get(LM_HEAD);
        this.tied = head == null;
        this.lmHead = tied ? embedTokens : head;
        List<Layer> list = new ArrayList<>(config.numHiddenLayers());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            list.add(new Layer(
                    byName.get(p + "input_layernorm.weight"),
                    byName.get(p + "self_attn.q_proj.weight"), byName.get(p + "self_attn.q_proj.bias"),
                    byName.get(p + "self_attn.k_proj.weight"), byName.get(p + "self_attn.k_proj.bias"),
                    byName.get(p + "self_attn.v_proj.weight"), byName.get(p + "self_attn.v_proj.bias"),
                    byName.get(p + "self_attn.o_proj.weight"),
                    byName.get(p + "post_attention_layernorm.weight"),
                    byName.get(p + "mlp.gate_proj.weight"), byName.get(p + "mlp.up_proj.weight"),
                    byName.get(p + "mlp.down_proj.weight")));
        }
        this.layers = List.copyOf(list);
    }

    /**
     * The tensors a Qwen2 checkpoint of this shape holds, with their shapes, in checkpoint order. {@code lm_head}
     * is listed only when the embeddings are not tied.
     */
    public static Map<String, Shape> expectedShapes(Qwen2Config c) {
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long mlp = c.intermediateSize();
        Map<String, Shape> out = new LinkedHashMap<>();
        out.put(EMBED_TOKENS, new Shape(c.vocabSize(), h));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            out.put(p + "input_layernorm.weight", new Shape(h));
            out.put(p + "self_attn.q_proj.weight", new Shape(q, h));
            out.put(p + "self_attn.q_proj.bias", new Shape(q));
            out.put(p + "self_attn.k_proj.weight", new Shape(kv, h));
            out.put(p + "self_attn.k_proj.bias", new Shape(kv));
            out.put(p + "self_attn.v_proj.weight", new Shape(kv, h));
            out.put(p + "self_attn.v_proj.bias", new Shape(kv));
            out.put(p + "self_attn.o_proj.weight", new Shape(h, q));
            out.put(p + "post_attention_layernorm.weight", new Shape(h));
            out.put(p + "mlp.gate_proj.weight", new Shape(mlp, h));
            out.put(p + "mlp.up_proj.weight", new Shape(mlp, h));
            out.put(p + "mlp.down_proj.weight", new Shape(h, mlp));
        }
        out.put(NORM, new Shape(h));
        if (!c.tieWordEmbeddings()) {
            out.put(LM_HEAD, new Shape(c.vocabSize(), h));
        }
        return out;
    }

    /**
     * Weights from arrays named as in the checkpoint. Every expected tensor must be present with its shape;
     * {@code lm_head.weight} may be absent when the config ties embeddings (then lm_head is embed_tokens, the same
     * array, so training updates both at once). The arrays are used as they are (not copied).
     */
    public static Qwen2Weights fromMap(Qwen2Config config, Map<String, NDArray> tensors) {
        Objects.requireNonNull(config, "config");
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : expectedShapes(config).entrySet()) {
            NDArray a = tensors.get(e.getKey());
            if (a == null) {
                throw new IllegalArgumentException("missing tensor " + e.getKey());
            }
            if (!a.getShape().equals(e.getValue())) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + a.getShape()
                        + ", expected " + e.getValue());
            }
            byName.put(e.getKey(), a);
        }
        NDArray head = tensors.get(LM_HEAD);
        if (config.tieWordEmbeddings() && head != null && head != byName.get(EMBED_TOKENS)) {
            // A tied checkpoint that still stores lm_head: Hugging Face ignores it and uses embed_tokens.
            head = null;
        }
        if (!config.tieWordEmbeddings()) {
            byName.put(LM_HEAD, head);
        }
        return new Qwen2Weights(config, byName);
    }

    /** Random weights with the initializer range Qwen2 uses (std 0.02); norms are 1. */
    public static Qwen2Weights random(Qwen2Config config, NDManager manager, long seed) {
        return random(config, manager, seed, 0.02f);
    }

    /**
     * Deterministic random weights in FLOAT32 on {@code manager}'s device: every matrix and bias uniform with
     * standard deviation {@code std} (a uniform draw is ~5x cheaper than a Gaussian in Java, which matters for
     * 0.5B parameters), norm weights 1 + small noise so a mistaken {@code 1 +} in RMSNorm shows. Drawn in Java
     * from {@code SplittableRandom(seed)} so the same seed gives the same weights on any machine.
     */
    public static Qwen2Weights random(Qwen2Config config, NDManager manager, long seed, float std) {
        SplittableRandom rng = new SplittableRandom(seed);
        float half = (float) (std * Math.sqrt(3));
        Map<String, NDArray> out = new LinkedHashMap<>();
        // Filled chunk by chunk through one reused heap array: a 0.5B model would otherwise leave GBs of garbage
        // arrays on the heap (and in the process's peak RSS).
        float[] chunk = new float[1 << 22];
        for (Map.Entry<String, Shape> e : expectedShapes(config).entrySet()) {
            Shape shape = e.getValue();
            boolean isNorm = e.getKey().endsWith("layernorm.weight") || e.getKey().equals(NORM);
            SplittableRandom r = rng.split();
            long size = shape.size();
            NDList parts = new NDList();
            for (long done = 0; done < size; done += chunk.length) {
                int n = (int) Math.min(chunk.length, size - done);
                for (int i = 0; i < n; i++) {
                    float u = (float) (r.nextDouble() * 2 - 1);
                    chunk[i] = isNorm ? 1f + 0.1f * u : half * u;
                }
                parts.add(manager.create(n == chunk.length ? chunk : Arrays.copyOf(chunk, n)));
            }
            NDArray flat = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
            if (parts.size() > 1) {
                parts.close();
            }
            out.put(e.getKey(), flat.reshape(shape));
        }
        return fromMap(config, out);
    }

    /**
     * Loads a checkpoint's tensors onto {@code manager}'s device in {@code dataType} (FLOAT32 or FLOAT16). BF16 and
     * F16 files are widened to float32 by the checkpoint (DJL aborts the JVM on any BFLOAT16 array), then converted.
     * On CPU in FLOAT32 the arrays wrap the file mapping without a copy.
     */
    public static Qwen2Weights load(Checkpoint checkpoint, NDManager manager, DataType dataType) {
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT16) {
            throw new IllegalArgumentException("compute dtype must be FLOAT32 or FLOAT16, got " + dataType);
        }
        Qwen2Config config = checkpoint.config();
        boolean convert = dataType != DataType.FLOAT32 || !manager.getDevice().equals(Device.cpu());
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (NDManager staging = NDManager.newBaseManager(Device.cpu())) {
            for (Map.Entry<String, Shape> e : expectedShapes(config).entrySet()) {
                ByteBuffer data = checkpoint.float32(e.getKey());
                NDManager target = convert ? staging : manager;
                NDArray a = target.create(data, e.getValue(), DataType.FLOAT32);
                if (convert) {
                    NDArray moved = a.toDevice(manager.getDevice(), true).toType(dataType, false);
                    moved.attach(manager);
                    a.close();
                    a = moved;
                }
                out.put(e.getKey(), a);
            }
        }
        return fromMap(config, out);
    }

    public Qwen2Config config() {
        return config;
    }

    public NDArray embedTokens() {
        return embedTokens;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(int i) {
        return layers.get(i);
    }

    public NDArray norm() {
        return norm;
    }

    /** The output projection {@code [vocab, hidden]}: the same array as embed_tokens when tied. */
    public NDArray lmHead() {
        return lmHead;
    }

    public boolean tied() {
        return tied;
    }

    public DataType dataType() {
        return embedTokens.getDataType();
    }

    public Device device() {
        return embedTokens.getDevice();
    }

    /** Every tensor by checkpoint name ({@code lm_head.weight} only when untied): what a checkpoint writer saves. */
    public Map<String, NDArray> tensors() {
        return byName;
    }

    /** The distinct trainable arrays (a tied lm_head counted once), e.g. for {@code setRequiresGradient}. */
    public NDList parameters() {
        return new NDList(byName.values().toArray(new NDArray[0]));
    }

    /** Bytes of weights, each array counted once. */
    public long byteSize() {
        long n = 0;
        for (NDArray a : byName.values()) {
            n += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
        return n;
    }
}
