package dev.vibe.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The safetensors files of a checkpoint folder, open: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Every tensor name maps to where its bytes are.
 */
final class CheckpointWeights implements AutoCloseable {

    private final Map<Path, SafetensorsFile> files;
    private final Map<String, TensorInfo> tensors;

    private CheckpointWeights(Map<Path, SafetensorsFile> files, Map<String, TensorInfo> tensors) {
        this.files = files;
        this.tensors = tensors;
    }

    static CheckpointWeights open(Path directory) {
        Path index = directory.resolve(CheckpointFiles.WEIGHTS_INDEX);
        Path single = directory.resolve(CheckpointFiles.SINGLE_WEIGHTS);
        Map<Path, SafetensorsFile> files = new LinkedHashMap<>();
        try {
            Map<String, String> weightMap = null;
            if (Files.exists(index)) {
                weightMap = readWeightMap(index);
                for (String shard : new TreeSet<>(weightMap.values())) {
                    Path file = directory.resolve(shard);
                    files.put(file, SafetensorsFile.open(file));
                }
            } else if (Files.exists(single)) {
                files.put(single, SafetensorsFile.open(single));
            } else {
                throw new CheckpointException(single, "missing file (and no " + CheckpointFiles.WEIGHTS_INDEX
                        + " for sharded weights)");
            }
            Map<String, TensorInfo> tensors = new LinkedHashMap<>();
            for (SafetensorsFile f : files.values()) {
                for (TensorInfo t : f.tensors().values()) {
                    TensorInfo other = tensors.putIfAbsent(t.name(), t);
                    if (other != null) {
                        throw new CheckpointException(f.file(), "duplicate tensor " + t.name() + ": also in "
                                + other.file().getFileName());
                    }
                }
            }
            if (weightMap != null) {
                checkWeightMap(index, weightMap, tensors);
            }
            return new CheckpointWeights(files, Collections.unmodifiableMap(tensors));
        } catch (RuntimeException e) {
            files.values().forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static Map<String, String> readWeightMap(Path index) {
        JsonNode root = ConfigJson.readTree(index);
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new CheckpointException(index, "missing or empty 'weight_map'");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> {
            String shard = e.getValue().asText("");
            Path name = Path.of(shard).getFileName();
            if (!e.getValue().isTextual() || name == null || !name.toString().equals(shard)
                    || !shard.endsWith(".safetensors")) {
                throw new CheckpointException(index, "weight_map entry for " + e.getKey() + " is " + e.getValue()
                        + ", not a .safetensors file name in the folder");
            }
            weightMap.put(e.getKey(), shard);
        });
        return weightMap;
    }

    private static void checkWeightMap(Path index, Map<String, String> weightMap, Map<String, TensorInfo> tensors) {
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            TensorInfo t = tensors.get(e.getKey());
            if (t == null || !t.file().getFileName().toString().equals(e.getValue())) {
                throw new CheckpointException(index, "weight_map puts tensor " + e.getKey() + " in " + e.getValue()
                        + " but " + (t == null ? "no shard holds it" : "it is in " + t.file().getFileName()));
            }
        }
    }

    Map<String, TensorInfo> tensors() {
        return tensors;
    }

    List<SafetensorsFile> files() {
        return new ArrayList<>(files.values());
    }

    SafetensorsFile fileOf(TensorInfo tensor) {
        return files.get(tensor.file());
    }

    @Override
    public void close() {
        files.values().forEach(SafetensorsFile::close);
    }
}
