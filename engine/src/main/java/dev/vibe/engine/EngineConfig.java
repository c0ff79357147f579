package dev.vibe.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable settings of an {@link Engine}, validated when built.
 *
 * <pre>{@code
 * EngineConfig config = EngineConfig.builder()
 *         .setModelDir(Path.of("models/demo-arithmetic"))
 *         .optDevice("cpu")
 *         .optMaxSlots(16)
 *         .build();
 * }</pre>
 *
 * @param modelDir a Hugging Face model folder (config.json, safetensors, tokenizer.json)
 * @param device {@code cpu} or {@code cuda:N}
 * @param dataType {@code float32} or {@code float16}; null picks float32 on CPU and float16 on CUDA
 * @param maxSlots how many sequences decode together in one step
 * @param kvCacheTokens KV-cache pool size in tokens, shared by all slots; 0 picks
 *     {@code maxSlots * min(contextLength, 4096)}
 * @param maxPrefillTokens prompt tokens prefilled together in one step, at most
 */
public record EngineConfig(Path modelDir, String device, String dataType, int maxSlots, long kvCacheTokens,
        int maxPrefillTokens) {

    private static final Pattern DEVICE = Pattern.compile("cpu|cuda:\\d+");

    public EngineConfig {
        Objects.requireNonNull(modelDir, "modelDir");
        device = Objects.requireNonNull(device, "device").toLowerCase(Locale.ROOT);
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("device must be cpu or cuda:N, got '" + device + "'");
        }
        if (dataType == null) {
            dataType = isCuda(device) ? "float16" : "float32";
        }
        dataType = dataType.toLowerCase(Locale.ROOT);
        if (!dataType.equals("float32") && !dataType.equals("float16")) {
            throw new IllegalArgumentException("dtype must be float32 or float16 (bfloat16 is out of reach through"
                    + " DJL 0.36), got '" + dataType + "'");
        }
        if (maxSlots < 1) {
            throw new IllegalArgumentException("max slots must be >= 1, got " + maxSlots);
        }
        if (kvCacheTokens < 0) {
            throw new IllegalArgumentException("KV-cache tokens must be >= 0 (0 = automatic), got " + kvCacheTokens);
        }
        if (maxPrefillTokens < 1) {
            throw new IllegalArgumentException("max prefill tokens must be >= 1, got " + maxPrefillTokens);
        }
    }

    private static boolean isCuda(String device) {
        return device.startsWith("cuda:");
    }

    public boolean cuda() {
        return isCuda(device);
    }

    /** The CUDA device index, or -1 on CPU. */
    public int deviceIndex() {
        return cuda() ? Integer.parseInt(device.substring("cuda:".length())) : -1;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().setModelDir(modelDir).optDevice(device).optDataType(dataType).optMaxSlots(maxSlots)
                .optKvCacheTokens(kvCacheTokens).optMaxPrefillTokens(maxPrefillTokens);
    }

    /** {@code set…} for required settings, {@code opt…} for optional ones. */
    public static final class Builder {
        private Path modelDir;
        private String device = "cpu";
        private String dataType;
        private int maxSlots = 16;
        private long kvCacheTokens;
        private int maxPrefillTokens = 4096;

        public Builder setModelDir(Path v) { modelDir = v; return this; }
        public Builder optDevice(String v) { device = v; return this; }
        public Builder optDataType(String v) { dataType = v; return this; }
        public Builder optMaxSlots(int v) { maxSlots = v; return this; }
        public Builder optKvCacheTokens(long v) { kvCacheTokens = v; return this; }
        public Builder optMaxPrefillTokens(int v) { maxPrefillTokens = v; return this; }

        public EngineConfig build() {
            if (modelDir == null) {
                throw new IllegalArgumentException("model directory is required (setModelDir)");
            }
            if (!Files.isDirectory(modelDir)) {
                throw new IllegalArgumentException("model directory does not exist: " + modelDir);
            }
            return new EngineConfig(modelDir, device, dataType, maxSlots, kvCacheTokens, maxPrefillTokens);
        }
    }
}
