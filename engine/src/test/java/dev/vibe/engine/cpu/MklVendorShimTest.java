package dev.vibe.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vibe.engine.model.Qwen2Weights;
import dev.vibe.engine.model.TinyQwen2;
import org.junit.jupiter.api.Test;

class MklVendorShimTest {

    @Test
    void mklRunsItsTunedKernelsOnAnAmdCpuOnceTheModelClassesAreLoadedAndTheShimStaysOutElsewhere() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the shim is for Linux on x86-64");
        assumeTrue(!Boolean.parseBoolean(System.getenv(MklVendorShim.DISABLE_ENV)), MklVendorShim.DISABLE_ENV
                + " is set");
        // As the engine does: the model classes install the shim (a static method initialises the class; a
        // constant would be inlined), then libtorch multiplies.
        assertThat(Qwen2Weights.expectedShapes(TinyQwen2.config(true))).isNotEmpty();
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(m.ones(new Shape(4, 8)).matMul(m.ones(new Shape(8, 4))).getFloat(0, 0)).isEqualTo(8f);
        }
        MklVendorShim.Status status = MklVendorShim.status();
        if ("AuthenticAMD".equals(MklVendorShim.cpuVendor())) {
            assertThat(status.state()).as(status.describe()).isEqualTo(MklVendorShim.State.ACTIVE);
            assertThat(status.mklCpuCode()).as(status.describe()).isGreaterThan(0);
        } else {
            assertThat(status.state()).as(status.describe()).isEqualTo(MklVendorShim.State.NOT_NEEDED);
        }
    }
}
