package dev.vibe.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativeMatmulTest {

    @BeforeEach
    void active() {
        assumeTrue(NativeMatmul.status().active(), () -> NativeMatmul.status().describe());
    }

    /**
     * Sizes chosen to reach every path of the kernel: inputs not a multiple of 16 (masked tail), matrices whose rows
     * are not a multiple of 4 (one row at a time), 1 row and 1-6 rows per pass, segments split between threads.
     */
    @ParameterizedTest(name = "in={0}, outs={1}, rows={2}")
    @CsvSource({
        "37, 5 8 3, 1", "37, 5 8 3, 7", "64, 12, 1", "64, 12, 6", "64, 12, 13", "16, 4 4, 2", "1, 9, 5",
        "896, 1152, 1", "896, 128 128 96, 16", "200, 301 17, 64"})
    void productsEqualAScalarReferenceWithBiasesAndConcatenatedMatrices(int in, String outList, int rows) {
        int[] outs = Arrays.stream(outList.split(" ")).mapToInt(Integer::parseInt).toArray();
        SplittableRandom rng = new SplittableRandom(in * 31L + rows);
        float[] x = random(rng, rows * in);
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        List<ByteBuffer> wb = new ArrayList<>();
        List<ByteBuffer> bb = new ArrayList<>();
        int total = 0;
        for (int s = 0; s < outs.length; s++) {
            w.add(random(rng, outs[s] * in));
            b.add(s % 2 == 0 ? random(rng, outs[s]) : null); // every other matrix without a bias
            wb.add(direct(w.get(s)));
            bb.add(b.get(s) == null ? null : direct(b.get(s)));
            total += outs[s];
        }
        ByteBuffer y = ByteBuffer.allocateDirect(rows * total * Float.BYTES).order(ByteOrder.nativeOrder());
        try (NativeMatmul.Matrix matrix = NativeMatmul.bind(in, wb, bb, outs)) {
            assertThat(matrix.in()).isEqualTo(in);
            assertThat(matrix.out()).isEqualTo(total);
            matrix.multiply(direct(x), rows, y);
        }
        for (int r = 0; r < rows; r++) {
            int column = 0;
            for (int s = 0; s < outs.length; s++) {
                for (int o = 0; o < outs[s]; o++, column++) {
                    double want = b.get(s) == null ? 0 : b.get(s)[o];
                    for (int k = 0; k < in; k++) {
                        want += (double) x[r * in + k] * w.get(s)[o * in + k];
                    }
                    assertThat((double) y.getFloat((r * total + column) * Float.BYTES))
                            .as("row %d column %d", r, column).isCloseTo(want, within(1e-4 * Math.sqrt(in)));
                }
            }
        }
    }

    @Test
    void matricesOfTheWrongSizeHeapBuffersAndTooManyRowsAreRefused() {
        ByteBuffer w = direct(new float[12]);
        assertThatThrownBy(() -> NativeMatmul.bind(4, List.of(w), Arrays.asList((ByteBuffer) null), new int[] {4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matrix 0 has 48 bytes")
                .hasMessageContaining("64");
        assertThatThrownBy(() -> NativeMatmul.bind(4, List.of(ByteBuffer.allocate(48)),
                Arrays.asList((ByteBuffer) null), new int[] {3})).hasMessageContaining("not in a direct buffer");
        try (NativeMatmul.Matrix matrix = NativeMatmul.bind(4, List.of(w), Arrays.asList((ByteBuffer) null),
                new int[] {3})) {
            ByteBuffer x = direct(new float[4 * 65]);
            ByteBuffer y = direct(new float[3 * 65]);
            assertThatThrownBy(() -> matrix.multiply(x, 65, y)).hasMessageContaining("rows must be 1..64");
            assertThatThrownBy(() -> matrix.multiply(x, 2, direct(new float[5])))
                    .hasMessageContaining("2 rows need 32 bytes of x and 24 of y");
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static ByteBuffer direct(float[] a) {
        ByteBuffer b = ByteBuffer.allocateDirect(a.length * Float.BYTES).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(a);
        return b;
    }
}
