package dev.vibe.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.checkpoint.DType;
import dev.vibe.engine.checkpoint.ModelShape;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model on checkpoint files written by {@link RandomCheckpoint}: names, lm_head, BF16 widening. */
class Qwen2CheckpointIT {

    private static final int[] IDS = {72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100, 258};

    @Test
    void untiedCheckpointUsesItsOwnLmHeadAndMatchesTheScalarReference(@TempDir Path dir) {
        Path folder = RandomCheckpoint.builder().setShape(ModelShape.TINY).optTied(false).optStd(0.2).optSeed(5)
                .build().write(dir.resolve("untied"));
        try (Checkpoint ckpt = Checkpoint.open(folder); NDManager m = NDManager.newBaseManager()) {
            Qwen2Weights weights = Qwen2Weights.load(ckpt, m, DataType.FLOAT32);
            assertThat(weights.tied()).isFalse();
            assertThat(weights.lmHead()).isNotSameAs(weights.embedTokens());
            Qwen2Model model = new Qwen2Model(weights);
            float[] got = model.forward(m.create(IDS, new Shape(1, IDS.length))).toFloatArray();
            double[][] want = new ReferenceQwen2(ckpt.config(), TinyQwen2.toJava(weights)).logits(IDS);
            int vocab = ckpt.config().vocabSize();
            for (int t = 0; t < IDS.length; t++) {
                for (int v = 0; v < vocab; v++) {
                    assertThat((double) got[t * vocab + v]).isCloseTo(want[t][v], within(5e-4));
                }
            }
        }
    }

    @Test
    void bf16CheckpointLoadsAndMatchesItsF32TwinWithinBf16Tolerance(@TempDir Path dir) {
        Path f32 = RandomCheckpoint.builder().setShape(ModelShape.TINY).optStd(0.2).optSeed(9).build()
                .write(dir.resolve("f32"));
        Path bf16 = RandomCheckpoint.builder().setShape(ModelShape.TINY).optStd(0.2).optSeed(9)
                .optDType(DType.BF16).build().write(dir.resolve("bf16"));
        try (Checkpoint a = Checkpoint.open(f32); Checkpoint b = Checkpoint.open(bf16);
                NDManager m = NDManager.newBaseManager()) {
            Qwen2Weights wa = Qwen2Weights.load(a, m, DataType.FLOAT32);
            Qwen2Weights wb = Qwen2Weights.load(b, m, DataType.FLOAT32);
            Map<String, float[]> ja = TinyQwen2.toJava(wa);
            Map<String, float[]> jb = TinyQwen2.toJava(wb);
            for (String name : ja.keySet()) {
                float[] x = ja.get(name);
                float[] y = jb.get(name);
                for (int i = 0; i < x.length; i++) {
                    // bf16 keeps 8 significant bits: relative error at most 2^-8.
                    assertThat(y[i]).as("%s[%d]", name, i).isCloseTo(x[i], within(Math.abs(x[i]) / 256f + 1e-30f));
                }
            }
            float[] la = new Qwen2Model(wa).forward(m.create(IDS, new Shape(1, IDS.length))).toFloatArray();
            float[] lb = new Qwen2Model(wb).forward(m.create(IDS, new Shape(1, IDS.length))).toFloatArray();
            double maxAbs = 0;
            double maxDiff = 0;
            for (int i = 0; i < la.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(la[i]));
                maxDiff = Math.max(maxDiff, Math.abs(la[i] - lb[i]));
            }
            assertThat(maxDiff).isGreaterThan(0).isLessThan(0.05 * maxAbs);
        }
    }
}
