package dev.vibe.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vibe.engine.checkpoint.Qwen2Config;
import dev.vibe.engine.cpu.NativeMatmul;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class Qwen2ModelTest {

    private static final float STD = 0.2f; // large enough that attention and logits are far from uniform

    @ParameterizedTest(name = "tied={0}")
    @ValueSource(booleans = {true, false})
    void fullForwardMatchesScalarReference(boolean tied) {
        Qwen2Config config = TinyQwen2.config(tied);
        try (NDManager m = NDManager.newBaseManager()) {
            Qwen2Weights weights = Qwen2Weights.random(config, m, 7, STD);
            assertThat(weights.tied()).isEqualTo(tied);
            Qwen2Model model = new Qwen2Model(weights);
            int[] ids = {5, 17, 3, 96, 42, 42, 0, 11, 60};
            float[] got = model.forward(m.create(ids, new Shape(1, ids.length))).toFloatArray();
            double[][] want = new ReferenceQwen2(config, TinyQwen2.toJava(weights)).logits(ids);
            for (int t = 0; t < ids.length; t++) {
                for (int v = 0; v < config.vocabSize(); v++) {
                    assertThat((double) got[t * config.vocabSize() + v]).as("logit t=%d v=%d", t, v)
                            .isCloseTo(want[t][v], within(2e-4));
                }
            }
        }
    }

    @Test
    void ropeRotatesEachHalfPairByPositionTimesInverseFrequency() {
        int d = 8;
        double theta = 1e6;
        int position = 3001;
        float[][] tables = Qwen2Model.ropeTables(position + 1, d, theta);
        Qwen2Config config = new Qwen2Config("Qwen2ForCausalLM", 16, 8, 1, 2, 1, d, 11, position + 1, theta, 1e-6,
                true, "float32", -1, List.of());
        try (NDManager m = NDManager.newBaseManager()) {
            Qwen2Model model = new Qwen2Model(Qwen2Weights.random(config, m, 1));
            float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
            NDArray cos = m.create(Arrays.copyOfRange(tables[0], position * d, position * d + d));
            NDArray signedSin = m.create(Arrays.copyOfRange(tables[1], position * d, position * d + d));
            float[] got = model.rope(m.create(x), cos, signedSin).toFloatArray();
            for (int i = 0; i < d / 2; i++) {
                // The pair (x[i], x[i + d/2]) turns by position / theta^(2i/d).
                double angle = position / Math.pow(theta, 2.0 * i / d);
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                assertThat((double) got[i]).isCloseTo(x[i] * c - x[i + d / 2] * s, within(2e-3));
                assertThat((double) got[i + d / 2]).isCloseTo(x[i + d / 2] * c + x[i] * s, within(2e-3));
            }
        }
    }

    @Test
    void rmsNormScalesByInverseRootMeanSquareTimesWeightWithoutOnePlus() {
        Qwen2Config config = TinyQwen2.config(true);
        try (NDManager m = NDManager.newBaseManager()) {
            Qwen2Model model = new Qwen2Model(Qwen2Weights.random(config, m, 1));
            float[] x = {3, -4, 0, 12};
            float[] weight = {0.5f, 2, 1, -1};
            float[] got = model.rmsNorm(m.create(x), m.create(weight)).toFloatArray();
            double rms = Math.sqrt((9 + 16 + 0 + 144) / 4.0 + 1e-6);
            for (int i = 0; i < 4; i++) {
                assertThat((double) got[i]).isCloseTo(x[i] / rms * weight[i], within(1e-5));
            }
        }
    }

    @ParameterizedTest(name = "prefill and decode in layout {0}")
    @EnumSource(Projection.Layout.class)
    void decodingWithTheCacheGivesTheLogitsOfTheFullSequence(Projection.Layout layout) {
        assumeTrue(layout != Projection.Layout.NATIVE || NativeMatmul.status().active(),
                () -> NativeMatmul.status().describe());
        Qwen2Config config = TinyQwen2.config(true);
        int steps = 40;
        try (NDManager m = NDManager.newBaseManager()) {
            Qwen2Weights weights = Qwen2Weights.random(config, m, 11, STD);
            // The reference is always the full forward over the checkpoint's arrays.
            Qwen2Model reference = new Qwen2Model(weights);
            Qwen2Model model = new Qwen2Model(weights, layout);
            KvCache cache = KvCache.allocate(config, m, 200, DataType.FLOAT32);
            // Two sequences of different prompt lengths whose cache rows are scattered over the pool.
            int[][] prompts = {{1, 2, 3, 4, 5, 6, 7}, {50, 9, 13}};
            List<Integer> free = new ArrayList<>();
            for (int r = 0; r < 200; r++) {
                free.add(r);
            }
            java.util.Collections.shuffle(free, new java.util.Random(3));
            List<List<Integer>> tokens = new ArrayList<>();
            long[][] rows = new long[2][];
            long[][][] dest = new long[2][1][];
            int next = 0;
            for (int s = 0; s < 2; s++) {
                rows[s] = new long[prompts[s].length + steps];
                for (int j = 0; j < rows[s].length; j++) {
                    rows[s][j] = free.get(next++);
                }
                dest[s][0] = Arrays.copyOf(rows[s], prompts[s].length);
                tokens.add(new ArrayList<>());
                for (int id : prompts[s]) {
                    tokens.get(s).add(id);
                }
            }
            float[] logits;
            try (NDManager step = m.newSubManager()) {
                logits = model.prefill(step, cache, prompts, dest).toFloatArray();
            }
            SplittableRandom rng = new SplittableRandom(5);
            for (int i = 0; i <= steps; i++) {
                for (int s = 0; s < 2; s++) {
                    List<Integer> seq = tokens.get(s);
                    float[] want = fullForwardLast(reference, m, seq);
                    float[] got = Arrays.copyOfRange(logits, s * config.vocabSize(), (s + 1) * config.vocabSize());
                    for (int v = 0; v < got.length; v++) {
                        assertThat(got[v]).as("step %d seq %d logit %d", i, s, v).isCloseTo(want[v], within(1e-4f));
                    }
                }
                if (i == steps) {
                    break;
                }
                int[] next2 = new int[2];
                int[] pos = new int[2];
                for (int s = 0; s < 2; s++) {
                    next2[s] = rng.nextInt(config.vocabSize());
                    pos[s] = tokens.get(s).size();
                    tokens.get(s).add(next2[s]);
                }
                try (NDManager step = m.newSubManager()) {
                    logits = model.decode(step, cache, next2, pos, rows).toFloatArray();
                }
            }
        }
    }

    @Test
    void copiesOfOneSharedPrefillDecodeLikeASeparatelyPrefilledSequence() {
        Qwen2Config config = TinyQwen2.config(false);
        try (NDManager m = NDManager.newBaseManager()) {
            Qwen2Model model = new Qwen2Model(Qwen2Weights.random(config, m, 12, STD));
            KvCache cache = KvCache.allocate(config, m, 64, DataType.FLOAT32);
            int[] prompt = {4, 8, 15, 16, 23};
            long[] a = {0, 1, 2, 3, 4, 5};
            long[] b = {40, 30, 20, 10, 50, 60};
            long[] c = {7, 9, 11, 13, 17, 19};
            try (NDManager step = m.newSubManager()) {
                model.prefill(step, cache, new int[][] {prompt},
                        new long[][][] {{Arrays.copyOf(a, 5), Arrays.copyOf(b, 5)}});
                model.prefill(step, cache, new int[][] {prompt}, new long[][][] {{Arrays.copyOf(c, 5)}});
                float[] got = model.decode(step, cache, new int[] {42, 42, 42}, new int[] {5, 5, 5},
                        new long[][] {a, b, c}).toFloatArray();
                int v = config.vocabSize();
                for (int i = 0; i < v; i++) {
                    assertThat(got[i]).isCloseTo(got[2 * v + i], within(1e-5f));
                    assertThat(got[v + i]).isCloseTo(got[2 * v + i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void gradientsOfTheFullForwardReachEveryWeight() {
        Qwen2Config config = TinyQwen2.config(true);
        try (NDManager m = NDManager.newBaseManager()) {
            Qwen2Weights weights = Qwen2Weights.random(config, m, 3, STD);
            Qwen2Model model = new Qwen2Model(weights);
            for (NDArray p : weights.parameters()) {
                p.setRequiresGradient(true);
            }
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray ids = m.create(new int[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
                NDArray logits = model.forward(ids);
                assertThat(logits.getShape()).isEqualTo(new Shape(2, 3, config.vocabSize()));
                gc.backward(logits.logSoftmax(-1).get(":, :, 7").mean());
            }
            for (Map.Entry<String, NDArray> e : weights.tensors().entrySet()) {
                float absSum = e.getValue().getGradient().abs().sum().getFloat();
                assertThat(absSum).as("gradient of %s", e.getKey()).isGreaterThan(0f);
            }
        }
    }

    private static float[] fullForwardLast(Qwen2Model model, NDManager m, List<Integer> seq) {
        try (NDManager sub = m.newSubManager()) {
            int[] ids = seq.stream().mapToInt(Integer::intValue).toArray();
            NDArray logits = model.forward(sub.create(ids, new Shape(1, ids.length)));
            return logits.get(0, ids.length - 1).toFloatArray();
        }
    }
}
