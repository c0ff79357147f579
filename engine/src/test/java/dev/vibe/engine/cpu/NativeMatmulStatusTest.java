package dev.vibe.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Guards the native tests' skips: where the kernel can run, it must, or they would skip and pass unseen. */
class NativeMatmulStatusTest {

    @Test
    void theNativeProductsAreActiveOnLinuxX86WithAvx512() throws IOException {
        assumeTrue(NativeLibraries.linuxX86(), "the native products are for Linux on x86-64");
        assumeTrue(!NativeLibraries.flag(NativeMatmul.DISABLE_ENV, NativeMatmul.DISABLE_PROPERTY),
                NativeMatmul.DISABLE_ENV + " is set");
        assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f"), "this CPU has no AVX-512F");
        NativeMatmul.Status status = NativeMatmul.status();
        assertThat(status.state()).as(status.describe()).isEqualTo(NativeMatmul.State.ACTIVE);
    }
}
