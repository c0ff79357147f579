package dev.vibe.engine;

import dev.vibe.engine.checkpoint.Qwen2Config;
import java.nio.file.Path;

/**
 * What an engine has loaded.
 *
 * @param name the checkpoint's folder name (or Hub repo id when pulled)
 * @param revision a short hash of the checkpoint's config and weight files, identifying it in outputs
 * @param directory the checkpoint folder
 * @param config the architecture
 * @param device the DJL device name, e.g. cpu or gpu(0)
 * @param dataType the compute dtype, float32 or float16
 */
public record ModelInfo(String name, String revision, Path directory, Qwen2Config config, String device,
        String dataType) {

    /** {@code name@revision}, the form stored in output rows. */
    public String id() {
        return name + "@" + revision;
    }
}
