package dev.vibe.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vibe.engine.cpu.NativeMatmul;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProjectionTest {

    /** 3 rows (a decode step), 65 rows (above the native products' limit: prefill), as [B, T, in] too. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Projection.Layout.class)
    void everyLayoutGivesTheCheckpointProductForDecodeAndPrefillRowCounts(Projection.Layout layout) {
        assumeTrue(layout != Projection.Layout.NATIVE || NativeMatmul.status().active(),
                () -> NativeMatmul.status().describe());
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            List<NDArray> weights = List.of(m.randomNormal(new Shape(10, 24)), m.randomNormal(new Shape(7, 24)));
            List<NDArray> biases = Arrays.asList(m.randomNormal(new Shape(10)), null);
            Projection reference = Projection.Layout.CHECKPOINT.of(weights, biases);
            Projection projection = layout.of(weights, biases);
            for (Shape shape : List.of(new Shape(3, 24), new Shape(65, 24), new Shape(2, 5, 24))) {
                NDArray x = m.randomNormal(shape);
                NDArray got = projection.apply(x);
                NDArray expected = reference.apply(x);
                assertThat(got.getShape()).isEqualTo(expected.getShape());
                float[] want = expected.toFloatArray();
                float[] actual = got.toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    assertThat(actual[i]).as("%s element %d", shape, i).isCloseTo(want[i], within(1e-4f));
                }
            }
        }
    }
}
