package dev.vibe.operators.inference;

import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * Which device an inference subtask uses. Flink's GPU external-resource plugin hands every operator of a
 * TaskManager the same GPU indices; subtasks spread over them by subtask index, so each GPU gets one shared engine.
 * Without GPU information (MiniCluster, CPU clusters) the explicit device option decides.
 */
public final class DeviceChoice {

    /** The external resource name the GPU plugin is configured under ({@code external-resources: gpu}). */
    public static final String GPU_RESOURCE = "gpu";

    private DeviceChoice() {
    }

    public static String choose(Set<ExternalResourceInfo> gpus, int subtaskIndex, String explicitDevice) {
        List<String> indices = gpus.stream()
                .map(info -> info.getProperty("index").orElse(null))
                .filter(i -> i != null && !i.isBlank())
                .sorted()
                .toList();
        if (indices.isEmpty()) {
            return explicitDevice;
        }
        return "cuda:" + indices.get(Math.floorMod(subtaskIndex, indices.size())).strip();
    }
}
