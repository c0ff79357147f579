package dev.vibe.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vibe.engine.checkpoint.Qwen2Config;

/**
 * The key/value pool: per layer one keys and one values array of shape {@code [kv_heads, rows + 1, head_dim]},
 * allocated once and written in place ({@code index_put_}). Row r of every head holds one token's rotated key (or
 * value). Head-major, so gathering a batch's rows gives {@code [kv_heads, B, L, head_dim]}, which attention
 * multiplies as it is (a row-major pool needed a transposing copy of every gathered key and value, per layer and
 * step, which grows with the context). Which rows a sequence owns is the caller's business (the engine hands out
 * blocks of rows); the extra last row is scratch that absorbs writes from padding positions so no write needs a
 * mask.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int rows;

    private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, int rows) {
        this.manager = manager;
        this.keys = keys;
        this.values = values;
        this.rows = rows;
    }

    /** Allocates a pool of {@code rows} token rows (plus one scratch row) per layer, zero-filled. */
    public static KvCache allocate(Qwen2Config config, NDManager parent, int rows, DataType dataType) {
        if (rows < 1) {
            throw new IllegalArgumentException("KV cache needs at least one row, got " + rows);
        }
        NDManager manager = parent.newSubManager();
        int layers = config.numHiddenLayers();
        NDArray[] k = new NDArray[layers];
        NDArray[] v = new NDArray[layers];
        Shape shape = new Shape(config.numKeyValueHeads(), rows + 1L, config.headDim());
        try {
            for (int i = 0; i < layers; i++) {
                k[i] = manager.zeros(shape, dataType);
                v[i] = manager.zeros(shape, dataType);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            manager.close();
            throw e;
        }
        return new KvCache(manager, k, v, rows);
    }

    /** Bytes a pool of {@code rows} token rows takes. */
    public static long bytesFor(Qwen2Config config, long rows, DataType dataType) {
        return 2L * config.numHiddenLayers() * (rows + 1) * config.numKeyValueHeads() * config.headDim()
                * dataType.getNumOfBytes();
    }

    /** Layer {@code layer}'s keys, {@code [kv_heads, rows + 1, head_dim]}. */
    public NDArray keys(int layer) {
        return keys[layer];
    }

    /** Layer {@code layer}'s values, {@code [kv_heads, rows + 1, head_dim]}. */
    public NDArray values(int layer) {
        return values[layer];
    }

    /**
     * Copies rows {@code from[i]} to rows {@code to[i]} in every layer, in place: a sequence with the same prompt as
     * a running one takes that one's prompt keys/values instead of recomputing them.
     */
    public void copyRows(NDManager step, long[] from, long[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException(from.length + " source rows for " + to.length + " targets");
        }
        if (from.length == 0) {
            return;
        }
        NDIndex source = new NDIndex(":, {}", step.create(from));
        NDIndex target = new NDIndex(":, {}", step.create(to));
        for (int i = 0; i < keys.length; i++) {
            NDArray k = keys[i].get(source);
            k.attach(step);
            keys[i].set(target, k);
            NDArray v = values[i].get(source);
            v.attach(step);
            values[i].set(target, v);
        }
    }

    /** Usable token rows. */
    public int rows() {
        return rows;
    }

    /** The row padding positions write to; never read unmasked. */
    public long scratchRow() {
        return rows;
    }

    public Device device() {
        return keys[0].getDevice();
    }

    @Override
    public void close() {
        manager.close();
    }
}
