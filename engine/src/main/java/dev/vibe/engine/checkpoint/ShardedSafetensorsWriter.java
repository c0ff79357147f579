package dev.vibe.engine.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a checkpoint's weights into a folder: one {@code model.safetensors}, or N shards
 * {@code model-00001-of-0000N.safetensors} plus {@code model.safetensors.index.json} (its {@code weight_map}) as
 * Hugging Face does. Tensors keep their declared order and are split into shards of about equal bytes.
 */
public final class ShardedSafetensorsWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;
    private final List<SafetensorsWriter> shards = new ArrayList<>();
    private final Map<String, SafetensorsWriter> owner = new HashMap<>();
    private final Map<String, String> weightMap = new LinkedHashMap<>();
    private final long dataBytes;

    private ShardedSafetensorsWriter(Path directory, List<TensorSpec> tensors, int shardCount,
            Map<String, String> metadata) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shardCount);
        }
        if (shardCount > Math.max(1, tensors.size())) {
            throw new IllegalArgumentException("cannot split " + tensors.size() + " tensors into " + shardCount
                    + " shards");
        }
        this.directory = directory;
        long total = 0;
        for (TensorSpec t : tensors) {
            total += t.byteLength();
        }
        this.dataBytes = total;
        List<List<TensorSpec>> groups = split(tensors, shardCount, total);
        try {
            for (int i = 0; i < groups.size(); i++) {
                String fileName = shardCount == 1 ? CheckpointFiles.SINGLE_WEIGHTS
                        : String.format("model-%05d-of-%05d.safetensors", i + 1, shardCount);
                SafetensorsWriter writer = SafetensorsWriter.create(directory.resolve(fileName), groups.get(i),
                        metadata);
                shards.add(writer);
                for (TensorSpec t : groups.get(i)) {
                    owner.put(t.name(), writer);
                    weightMap.put(t.name(), fileName);
                }
            }
        } catch (RuntimeException e) {
            shards.forEach(ShardedSafetensorsWriter::abandon);
            throw e;
        }
    }

    /**
     * Declares the tensors of a checkpoint folder; {@code shards == 1} writes a single {@code model.safetensors}.
     */
    public static ShardedSafetensorsWriter create(Path directory, List<TensorSpec> tensors, int shards,
            Map<String, String> metadata) {
        return new ShardedSafetensorsWriter(directory, tensors, shards, metadata);
    }

    /**
     * Contiguous groups in declared order: a shard closes when the next tensor would take it past an equal share
     * of the bytes (as transformers' max_shard_size does), and every shard gets at least one tensor.
     */
    private static List<List<TensorSpec>> split(List<TensorSpec> tensors, int shardCount, long total) {
        long share = (total + shardCount - 1) / shardCount;
        List<List<TensorSpec>> groups = new ArrayList<>();
        List<TensorSpec> current = new ArrayList<>();
        long currentBytes = 0;
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            int remainingTensors = tensors.size() - i;
            int shardsStillToOpen = shardCount - groups.size() - 1;
            boolean everyShardNeedsOne = remainingTensors <= shardsStillToOpen;
            boolean shareExceeded = currentBytes + t.byteLength() > share;
            if (!current.isEmpty() && shardsStillToOpen > 0 && (everyShardNeedsOne || shareExceeded)) {
                groups.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(t);
            currentBytes += t.byteLength();
        }
        groups.add(current);
        return groups;
    }

    public Path directory() {
        return directory;
    }

    /** Bytes of tensor data over all shards. */
    public long dataBytes() {
        return dataBytes;
    }

    /** The shard file names in order. */
    public List<Path> files() {
        return shards.stream().map(SafetensorsWriter::file).toList();
    }

    public void write(String name, float[] values) {
        writer(name).write(name, values);
    }

    public void write(String name, FloatFiller filler) {
        writer(name).write(name, filler);
    }

    private SafetensorsWriter writer(String name) {
        SafetensorsWriter w = owner.get(name);
        if (w == null) {
            throw new IllegalArgumentException("tensor " + name + " was not declared for " + directory);
        }
        return w;
    }

    /** Completes every shard and, when sharded, writes the index. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (SafetensorsWriter w : shards) {
            try {
                w.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (shards.size() > 1) {
            writeIndex();
        }
    }

    private void writeIndex() {
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", dataBytes);
        ObjectNode map = index.putObject("weight_map");
        weightMap.forEach(map::put);
        Path file = directory.resolve(CheckpointFiles.WEIGHTS_INDEX);
        try {
            JSON.writeValue(file.toFile(), index);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static void abandon(SafetensorsWriter w) {
        try {
            w.close();
        } catch (RuntimeException ignored) {
            // the partial file is removed by close(); the original error is what matters
        }
    }
}
