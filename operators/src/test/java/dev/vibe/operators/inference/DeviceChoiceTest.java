package dev.vibe.operators.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

    /** What Flink's GPU driver hands out: one info per GPU with its "index" property. */
    private record Gpu(String index) implements ExternalResourceInfo {
        @Override
        public Optional<String> getProperty(String key) {
            return key.equals("index") ? Optional.of(index) : Optional.empty();
        }

        @Override
        public Collection<String> getKeys() {
            return List.of("index");
        }
    }

    @Test
    void usesTheExplicitDeviceWithoutGpuInformation() {
        assertThat(DeviceChoice.choose(Set.of(), 3, "cpu")).isEqualTo("cpu");
    }

    @Test
    void spreadsSubtasksOverTheTaskManagersGpus() {
        Set<ExternalResourceInfo> gpus = Set.of(new Gpu("1"), new Gpu("0"));
        assertThat(DeviceChoice.choose(gpus, 0, "cpu")).isEqualTo("cuda:0");
        assertThat(DeviceChoice.choose(gpus, 1, "cpu")).isEqualTo("cuda:1");
        assertThat(DeviceChoice.choose(gpus, 2, "cpu")).isEqualTo("cuda:0");
    }
}
