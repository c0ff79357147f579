package dev.vibe.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import dev.vibe.engine.checkpoint.Qwen2Config;
import java.util.Arrays;
import java.util.List;

/**
 * The Qwen2 decoder (transformers' {@code modeling_qwen2.py}) on DJL NDArrays, so one code path runs on CPU and
 * CUDA. The math reads top to bottom: {@link #forward} (whole sequences, differentiable, for training and as the
 * reference), {@link #prefill} (prompts, writing their keys/values into the {@link KvCache}) and {@link #decode}
 * (one token per sequence, attending over its cached rows).
 *
 * <pre>
 * x = embed_tokens[ids]
 * per layer:  h = x + o_proj(attention(rope(q_proj(rms(x))), rope(k_proj(rms(x))), v_proj(rms(x))))
 *             x = h + down_proj(silu(gate_proj(rms(h))) * up_proj(rms(h)))
 * logits = lm_head(rms(x))                       (lm_head = embed_tokens when tied)
 * </pre>
 *
 * RMSNorm and softmax run in float32 whatever the compute dtype; logits are returned in float32.
 *
 * <p>The projections are multiplied as {@link Projection.Layout} says: {@link #forward} always by the checkpoint's
 * arrays (training updates them), {@link #prefill} and {@link #decode} by the engine's layout for the device.
 */
public final class Qwen2Model {

    /** Added to masked attention scores: finite, so a fully masked padding row stays NaN-free. */
    private static final float MASKED = -1e9f;

    private final Qwen2Weights w;
    private final Qwen2Config config;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int group;
    private final float scale;
    private final float eps;
    private final boolean halfPrecision;
    /** RoPE tables {@code [max_position_embeddings, head_dim]} in the compute dtype, as Hugging Face casts them. */
    private final NDArray cos;
    /** sin with its first half negated, so {@code rotate_half(x) * sin == swapHalves(x) * signedSin}. */
    private final NDArray signedSin;
    /** The projections {@link #forward} multiplies by, per layer: the checkpoint's arrays. */
    private final LayerProjections[] checkpointLayers;
    private final Projection checkpointLmHead;
    /** The projections {@link #prefill} and {@link #decode} multiply by. */
    private final Projection.Layout inferenceLayout;
    private final LayerProjections[] inferenceLayers;
    private final Projection inferenceLmHead;

    /** A model that multiplies by the checkpoint's arrays as they are, in every pass: for training and references. */
    public Qwen2Model(Qwen2Weights weights) {
        this(weights, Projection.Layout.CHECKPOINT);
    }

    /**
     * A model for the engine: prefill and decode multiply in the fastest layout for the weights' device and dtype
     * (see {@link Projection.Layout}; on CPU without the native products, transposed copies double the weights'
     * memory).
     */
    public static Qwen2Model forInference(Qwen2Weights weights) {
        return new Qwen2Model(weights, Projection.Layout.forInference(weights.device(), weights.dataType()));
    }

    /** A model whose prefill and decode multiply in {@code inferenceLayout}. */
    Qwen2Model(Qwen2Weights weights, Projection.Layout inferenceLayout) {
        this.w = weights;
        this.config = weights.config();
        this.heads = config.numAttentionHeads();
        this.kvHeads = config.numKeyValueHeads();
        this.headDim = config.headDim();
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("attention heads (" + heads + ") must be a multiple of KV heads ("
                    + kvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be even for RoPE, got " + headDim);
        }
        this.group = heads / kvHeads;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.eps = (float) config.rmsNormEps();
        DataType dtype = weights.dataType();
        this.halfPrecision = dtype == DataType.FLOAT16;
        NDManager manager = weights.embedTokens().getManager();
        float[][] tables = ropeTables(config.maxPositionEmbeddings(), headDim, config.ropeTheta());
        Shape tableShape = new Shape(config.maxPositionEmbeddings(), headDim);
        this.cos = onDevice(manager, tables[0], tableShape, dtype);
        this.signedSin = onDevice(manager, tables[1], tableShape, dtype);
        this.checkpointLayers = LayerProjections.ofEveryLayer(weights, Projection.Layout.CHECKPOINT);
        this.checkpointLmHead = Projection.Layout.CHECKPOINT.of(weights.lmHead(), null);
        this.inferenceLayout = inferenceLayout;
        boolean shared = inferenceLayout == Projection.Layout.CHECKPOINT;
        this.inferenceLayers = shared ? checkpointLayers : LayerProjections.ofEveryLayer(weights, inferenceLayout);
        this.inferenceLmHead = shared ? checkpointLmHead : inferenceLayout.of(weights.lmHead(), null);
    }

    private static NDArray onDevice(NDManager manager, float[] data, Shape shape, DataType dtype) {
        NDArray a = manager.create(data, shape);
        return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
    }

    /**
     * Hugging Face's RoPE tables, computed as it does in float32: {@code inv_freq = 1 / theta^(2i/d)},
     * {@code angle = pos * inv_freq}, {@code emb = cat(freqs, freqs)}. Returns {cos, signed sin} row-major, the
     * signed sin being {@code cat(-sin, sin)} of the half angles (see {@link #rope}).
     */
    static float[][] ropeTables(int positions, int headDim, double theta) {
        int half = headDim / 2;
        float[] invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = (float) (1.0 / Math.pow(theta, (float) (2 * i) / headDim));
        }
        float[] cos = new float[positions * headDim];
        float[] sin = new float[positions * headDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * invFreq[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[p * headDim + i] = c;
                cos[p * headDim + i + half] = c;
                sin[p * headDim + i] = -s;
                sin[p * headDim + i + half] = s;
            }
        }
        return new float[][] {cos, sin};
    }

    public Qwen2Config config() {
        return config;
    }

    public Qwen2Weights weights() {
        return w;
    }

    /**
     * Whether prefill and decode multiply with {@link dev.vibe.engine.cpu.NativeMatmul}, whose threads take every
     * core: then the thread running them should keep libtorch's own ops on one thread, or libtorch's OpenMP team
     * spins on the cores the products need between its ops (a decode step measured 4x slower).
     */
    public boolean multipliesNatively() {
        return inferenceLayout == Projection.Layout.NATIVE;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Whole sequences: training and reference.
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Logits {@code [B, T, vocab]} (float32) for token ids {@code [B, T]} (int32 or int64) at positions 0..T-1
     * with a causal mask and no cache. Only out-of-place ops, so gradients flow to every weight under a
     * {@code GradientCollector}.
     */
    public NDArray forward(NDArray inputIds) {
        long len = inputIds.getShape().get(1);
        if (len > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence of " + len + " tokens exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
        NDArray ids = inputIds.getDataType() == DataType.INT64 ? inputIds : inputIds.toType(DataType.INT64, false);
        NDManager step = inputIds.getManager();
        NDArray x = own(step, Embedding.embedding(ids, w.embedTokens(), SparseFormat.DENSE).singletonOrThrow());
        NDArray posCos = own(step, cos.get(new NDIndex("0:{}", len))).reshape(len, 1, headDim);
        NDArray posSin = own(step, signedSin.get(new NDIndex("0:{}", len))).reshape(len, 1, headDim);
        NDArray mask = step.create(causalMask((int) len), new Shape(len, len));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            x = block(i, checkpointLayers[i], x, posCos, posSin, mask, null);
        }
        return logits(x, checkpointLmHead);
    }

    /** One decoder layer over {@code x [B, T, hidden]}; {@code kvSink} (nullable) receives the rotated K/V. */
    private NDArray block(int layer, LayerProjections p, NDArray x, NDArray posCos, NDArray posSin, NDArray mask,
            KvSink kvSink) {
        Qwen2Weights.Layer l = w.layer(layer);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);

        NDArray[] qkv = rotatedQkv(p, rmsNorm(x, l.inputLayernorm()), posCos, posSin);
        NDArray q = qkv[0];
        NDArray k = qkv[1];
        NDArray v = qkv[2];
        if (kvSink != null) {
            kvSink.store(layer, k, v);
        }
        // GQA without repeating K/V: the group of query heads sharing KV head j are rows of one matrix product.
        NDArray qg = q.transpose(0, 2, 1, 3).reshape(b, kvHeads, group * t, headDim);
        NDArray kt = k.transpose(0, 2, 3, 1);   // [B, kv, d, T]
        NDArray vg = v.transpose(0, 2, 1, 3);   // [B, kv, T, d]
        NDArray attn = attend(qg, kt, vg, mask, new Shape(b, kvHeads, group, t, t))   // [B, kv, group * T, d]
                .reshape(b, heads, t, headDim).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headDim);
        NDArray hidden = x.add(p.o().apply(attn));

        NDArray h2 = rmsNorm(hidden, l.postAttentionLayernorm());
        return hidden.add(mlp(h2, p));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inference with the KV cache.
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Runs prompts (all starting at position 0) through the model in one padded batch, writes every prompt token's
     * rotated keys and values into the cache rows given for it (once per copy: samples of one prompt share one
     * prefill), and returns the float32 logits {@code [P, vocab]} of each prompt's last token.
     *
     * @param step manager for this step's temporaries
     * @param prompts P prompts' token ids
     * @param destRows per prompt, per copy, the cache row of each prompt position ({@code destRows[p][c].length ==
     *     prompts[p].length})
     */
    public NDArray prefill(NDManager step, KvCache cache, int[][] prompts, long[][][] destRows) {
        int count = prompts.length;
        int maxLen = 0;
        int writes = 0;
        for (int p = 0; p < count; p++) {
            maxLen = Math.max(maxLen, prompts[p].length);
            for (long[] copy : destRows[p]) {
                if (copy.length != prompts[p].length) {
                    throw new IllegalArgumentException("prompt " + p + ": " + copy.length + " cache rows for "
                            + prompts[p].length + " tokens");
                }
                writes += copy.length;
            }
        }
        if (maxLen > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("prompt of " + maxLen + " tokens exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
        long[] ids = new long[count * maxLen];
        float[] mask = new float[count * maxLen * maxLen];
        long[] lastRow = new long[count];
        long[] sourceRow = new long[writes];
        long[] targetRow = new long[writes];
        int n = 0;
        for (int p = 0; p < count; p++) {
            int len = prompts[p].length;
            for (int t = 0; t < len; t++) {
                ids[p * maxLen + t] = prompts[p][t];
            }
            for (int i = 0; i < maxLen; i++) {
                for (int j = 0; j < maxLen; j++) {
                    // Query i may read key j if j is a real token of this prompt at or before i.
                    mask[(p * maxLen + i) * maxLen + j] = j <= i && j < len ? 0f : MASKED;
                }
            }
            lastRow[p] = (long) p * maxLen + len - 1;
            for (long[] copy : destRows[p]) {
                for (int t = 0; t < len; t++) {
                    sourceRow[n] = (long) p * maxLen + t;
                    targetRow[n] = copy[t];
                    n++;
                }
            }
        }
        NDArray idArray = step.create(ids, new Shape(count, maxLen));
        NDArray maskArray = step.create(mask, new Shape(count, 1, 1, maxLen, maxLen));
        NDArray source = step.create(sourceRow);
        NDArray target = step.create(targetRow);
        NDIndex targetIndex = new NDIndex(":, {}", target);
        NDIndex sourceIndex = new NDIndex("{}", source);
        long flat = (long) count * maxLen;
        KvSink sink = (layer, k, v) -> {   // [flat, kv, d] rows -> the head-major pool [kv, rows, d]
            cache.keys(layer).set(targetIndex, k.reshape(flat, kvHeads, headDim).get(sourceIndex).transpose(1, 0, 2));
            cache.values(layer).set(targetIndex, v.reshape(flat, kvHeads, headDim).get(sourceIndex)
                    .transpose(1, 0, 2));
        };

        NDArray x = own(step, w.embedTokens().get(new NDIndex("{}", idArray)));
        NDArray posCos = own(step, cos.get(new NDIndex("0:{}", maxLen))).reshape(maxLen, 1, headDim);
        NDArray posSin = own(step, signedSin.get(new NDIndex("0:{}", maxLen))).reshape(maxLen, 1, headDim);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            try (NDManager layer = step.newSubManager()) {
                x = keep(step, block(i, inferenceLayers[i], enter(layer, x), posCos, posSin, maskArray, sink));
            }
        }
        NDArray last = x.reshape((long) count * maxLen, config.hiddenSize()).get(new NDIndex("{}",
                step.create(lastRow)));
        return logits(last, inferenceLmHead);
    }

    /**
     * One decode step: feeds {@code tokens[b]} at {@code positions[b]} for each of B sequences, writes its rotated
     * key/value into cache row {@code rows[b][positions[b]]}, attends over the sequence's rows
     * {@code rows[b][0..positions[b]]} and returns float32 logits {@code [B, vocab]}. {@code rows[b]} may be longer
     * (a sequence's whole reservation); the rest is ignored.
     */
    public NDArray decode(NDManager step, KvCache cache, int[] tokens, int[] positions, long[][] rows) {
        int batch = tokens.length;
        int maxLen = 0;
        for (int b = 0; b < batch; b++) {
            if (positions[b] >= rows[b].length) {
                throw new IllegalArgumentException("sequence " + b + " at position " + positions[b] + " has only "
                        + rows[b].length + " cache rows");
            }
            if (positions[b] >= config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException("position " + positions[b] + " exceeds max_position_embeddings "
                        + config.maxPositionEmbeddings());
            }
            maxLen = Math.max(maxLen, positions[b] + 1);
        }
        long[] tokenIds = new long[batch];
        long[] pos = new long[batch];
        long[] writeRows = new long[batch];
        long[] gather = new long[batch * maxLen];
        float[] mask = new float[batch * maxLen];
        for (int b = 0; b < batch; b++) {
            int len = positions[b] + 1;
            tokenIds[b] = tokens[b];
            pos[b] = positions[b];
            writeRows[b] = rows[b][positions[b]];
            System.arraycopy(rows[b], 0, gather, b * maxLen, len);
            for (int j = len; j < maxLen; j++) {
                gather[b * maxLen + j] = cache.scratchRow();
                mask[b * maxLen + j] = MASKED;
            }
        }
        NDIndex writeIndex = new NDIndex(":, {}", step.create(writeRows));
        NDIndex readIndex = new NDIndex(":, {}", step.create(gather, new Shape(batch, maxLen)));
        NDArray maskArray = step.create(mask, new Shape(1, batch, 1, maxLen));
        NDIndex posIndex = new NDIndex("{}", step.create(pos));
        NDArray posCos = own(step, cos.get(posIndex)).reshape(batch, 1, headDim);
        NDArray posSin = own(step, signedSin.get(posIndex)).reshape(batch, 1, headDim);

        NDArray x = own(step, w.embedTokens().get(new NDIndex("{}", step.create(tokenIds))));   // [B, hidden]
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            try (NDManager layer = step.newSubManager()) {
                x = keep(step, decodeLayer(i, layer, cache, enter(layer, x), posCos, posSin, writeIndex, readIndex,
                        maskArray));
            }
        }
        return logits(x, inferenceLmHead);
    }

    /** One layer of a decode step over {@code x [B, hidden]}; temporaries live in {@code layer}. */
    private NDArray decodeLayer(int i, NDManager layer, KvCache cache, NDArray x, NDArray posCos, NDArray posSin,
            NDIndex writeIndex, NDIndex readIndex, NDArray maskArray) {
        long batch = x.getShape().get(0);
        Qwen2Weights.Layer l = w.layer(i);
        LayerProjections p = inferenceLayers[i];
        NDArray[] qkv = rotatedQkv(p, rmsNorm(x, l.inputLayernorm()), posCos, posSin);
        NDArray q = qkv[0];   // [B, heads, d]
        NDArray k = qkv[1];   // [B, kv, d]
        NDArray v = qkv[2];
        cache.keys(i).set(writeIndex, k.transpose(1, 0, 2));      // in place (index_put_), as [kv, B, d]
        cache.values(i).set(writeIndex, v.transpose(1, 0, 2));
        NDArray keys = own(layer, cache.keys(i).get(readIndex));       // [kv, B, L, d]
        NDArray values = own(layer, cache.values(i).get(readIndex));
        // Heads first, batch second, as the pool is laid out: the gathered keys and values are multiplied as they
        // are (the keys through a transposed view), and only the small query and output are permuted.
        NDArray qh = q.reshape(batch, kvHeads, group, headDim).transpose(1, 0, 2, 3);   // [kv, B, group, d]
        NDArray attn = attend(qh, keys.transpose(0, 1, 3, 2), values, maskArray, null)  // mask: [1, B, 1, L]
                .transpose(1, 0, 2, 3).reshape(batch, (long) heads * headDim);
        NDArray hidden = x.add(p.o().apply(attn));
        return hidden.add(mlp(rmsNorm(hidden, l.postAttentionLayernorm()), p));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The pieces.
    // ---------------------------------------------------------------------------------------------------------

    /** {@code x * rsqrt(mean(x^2) + eps)} in float32, cast back, times the weight (Qwen2: no {@code 1 +}). */
    NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray x32 = halfPrecision ? x.toType(DataType.FLOAT32, false) : x;
        NDArray normed = x32.mul(x32.square().mean(new int[] {-1}, true).add(eps).pow(held(x32, -0.5f)));
        return (halfPrecision ? normed.toType(DataType.FLOAT16, false) : normed).mul(weight);
    }

    /**
     * Half-split RoPE: {@code x * cos + rotate_half(x) * sin} with {@code rotate_half(x) = cat(-x2, x1)}, written
     * as {@code cat(x2, x1) * cat(-sin, sin)}: swapping the halves is one flip of a [2, d/2] view, elementwise and
     * cheap (a [d, d] rotation matmul was 100x slower for small batches, and split+neg+concat is three ops).
     */
    NDArray rope(NDArray x, NDArray posCos, NDArray posSignedSin) {
        Shape shape = x.getShape();
        Shape halves = shape.slice(0, shape.dimension() - 1).addAll(new Shape(2, headDim / 2));
        NDArray swapped = x.reshape(halves).flip(shape.dimension() - 1).reshape(shape);
        return x.mul(posCos).add(swapped.mul(posSignedSin));
    }

    /**
     * Scaled dot-product attention with an additive mask: {@code softmax(q k^T / sqrt(d) + mask) v}, scores and
     * softmax in float32. 4-D products only (a 5-D broadcast matmul over the group axis was ~30x slower in
     * libtorch): {@code q [A, B, rows, d]}, keys already transposed {@code [A, B, d, L]}, values {@code [A, B, L, d]};
     * returns {@code [A, B, rows, d]}.
     *
     * @param maskView the shape the scores take while the mask is added, so that it broadcasts; null when it
     *     broadcasts over the scores as they are
     */
    private NDArray attend(NDArray q, NDArray keysT, NDArray values, NDArray mask, Shape maskView) {
        NDArray scores = q.mul(held(q, scale)).matMul(keysT);
        Shape shape = scores.getShape();
        if (halfPrecision) {
            scores = scores.toType(DataType.FLOAT32, false);
        }
        NDArray probs = maskView == null ? scores.add(mask).softmax(-1)
                : scores.reshape(maskView).add(mask).softmax(-1).reshape(shape);
        if (halfPrecision) {
            probs = probs.toType(DataType.FLOAT16, false);
        }
        return probs.matMul(values);
    }

    /**
     * The rotated queries and keys and the values of {@code h [..., hidden]}, shaped {@code [..., heads, d]},
     * {@code [..., kv, d]}, {@code [..., kv, d]}. With a fused projection: one product, and one RoPE over the query
     * and key heads together (a decode step is ~60 small ops a layer; this saves 8 of them).
     */
    private NDArray[] rotatedQkv(LayerProjections p, NDArray h, NDArray posCos, NDArray posSin) {
        Shape lead = h.getShape().slice(0, h.getShape().dimension() - 1);
        NDArray all = p.qkv().apply(h).reshape(lead.add(heads + 2L * kvHeads, headDim));
        NDArray qk = rope(all.get(new NDIndex("..., :{}, :", heads + kvHeads)), posCos, posSin);
        return new NDArray[] {
            qk.get(new NDIndex("..., :{}, :", heads)),
            qk.get(new NDIndex("..., {}:, :", heads)),
            all.get(new NDIndex("..., {}:, :", heads + kvHeads))};
    }

    /** {@code down(silu(gate(x)) * up(x))}, no biases; gate and up are one product. */
    private NDArray mlp(NDArray x, LayerProjections p) {
        NDArray gateUp = p.gateUp().apply(x);
        long inter = config.intermediateSize();
        NDArray gate = gateUp.get(new NDIndex("..., :{}", inter));
        NDArray up = gateUp.get(new NDIndex("..., {}:", inter));
        return p.down().apply(gate.mul(Activation.sigmoid(gate)).mul(up));
    }

    /** Final norm and lm_head, as float32. */
    private NDArray logits(NDArray x, Projection lmHead) {
        NDArray out = lmHead.apply(rmsNorm(x, w.norm()));
        return halfPrecision ? out.toType(DataType.FLOAT32, false) : out;
    }

    /**
     * Moves an op's result to {@code step}: results belong to the first operand's manager, which for a lookup into
     * the weights, tables or cache is long-lived, and would otherwise grow by every step's temporaries.
     */
    private static NDArray own(NDManager step, NDArray a) {
        a.attach(step);
        return a;
    }

    /**
     * A scalar operand kept by {@code like}'s manager. {@code mul(Number)} and {@code pow(Number)} wrap the number
     * in an array over a Java direct buffer and close it right after the op; autograd saves that operand for the
     * backward pass, and a garbage collection in between freed its memory (NaN or drifting training losses).
     * Same kernel and result as the Number overloads.
     */
    private static NDArray held(NDArray like, float value) {
        return like.getManager().create(value);
    }

    /** Moves a layer's input into the layer's manager, so every temporary derived from it is freed with it. */
    private static NDArray enter(NDManager layer, NDArray x) {
        x.attach(layer);
        return x;
    }

    /** Moves a layer's output out of the layer's manager before that closes. */
    private static NDArray keep(NDManager step, NDArray x) {
        x.attach(step);
        return x;
    }

    /** One layer's projections: q, k and v as one, o, gate and up as one, down. */
    private record LayerProjections(Projection qkv, Projection o, Projection gateUp, Projection down) {

        static LayerProjections[] ofEveryLayer(Qwen2Weights weights, Projection.Layout layout) {
            LayerProjections[] out = new LayerProjections[weights.layers().size()];
            for (int i = 0; i < out.length; i++) {
                Qwen2Weights.Layer l = weights.layer(i);
                out[i] = new LayerProjections(
                        layout.of(List.of(l.qProj(), l.kProj(), l.vProj()), Arrays.asList(l.qBias(), l.kBias(), l.vBias())),
                        layout.of(l.oProj(), null),
                        layout.of(List.of(l.gateProj(), l.upProj()), Arrays.asList(null, null)),
                        layout.of(l.downProj(), null));
            }
            return out;
        }
    }

    /** {@code [T, T]}: 0 where key j <= query i, {@link #MASKED} above the diagonal. */
    static float[] causalMask(int len) {
        float[] mask = new float[len * len];
        for (int i = 0; i < len; i++) {
            for (int j = i + 1; j < len; j++) {
                mask[i * len + j] = MASKED;
            }
        }
        return mask;
    }

    /** Receives a layer's rotated keys and values {@code [B, T, kv, d]} during prefill. */
    @FunctionalInterface
    private interface KvSink {
        void store(int layer, NDArray keys, NDArray values);
    }
}
