package dev.vibe.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomCheckpointTest {

    @TempDir
    Path tmp;

    private static float[] floats(ByteBuffer b) {
        return Floats.of(b);
    }

    @Test
    void tinyCheckpointOpensWithItsShapeAndAllFiles() {
        Path dir = RandomCheckpoint.writeTiny(tmp.resolve("tiny"));
        try (Checkpoint c = Checkpoint.open(dir)) {
            Qwen2Config cfg = c.config();
            assertThat(cfg.hiddenSize()).isEqualTo(64);
            assertThat(cfg.numHiddenLayers()).isEqualTo(2);
            assertThat(cfg.numAttentionHeads()).isEqualTo(4);
            assertThat(cfg.numKeyValueHeads()).isEqualTo(2);
            assertThat(cfg.headDim()).isEqualTo(16);
            assertThat(cfg.intermediateSize()).isEqualTo(128);
            assertThat(cfg.vocabSize()).isEqualTo(259);
            assertThat(cfg.maxPositionEmbeddings()).isEqualTo(2048);
            assertThat(cfg.tieWordEmbeddings()).isTrue();
            assertThat(cfg.torchDtype()).isEqualTo("float32");
            assertThat(cfg.eosTokenIds()).containsExactly(258);
            assertThat(cfg.bosTokenId()).isEqualTo(256);
            assertThat(c.generationConfig().eosTokenIds()).containsExactly(258, 256);
            assertThat(c.tokenizerConfig().eosToken()).isEqualTo("<|im_end|>");
            assertThat(c.lmHeadTied()).isTrue();
            assertThat(c.tensors()).doesNotContainKey(Qwen2Tensors.LM_HEAD);
            assertThat(c.tokenizerJson()).exists();
            assertThat(c.name()).isEqualTo("tiny");
            assertThat(c.revision()).matches("[0-9a-f]{12}");
            long params = c.tensors().values().stream().mapToLong(TensorInfo::elementCount).sum();
            assertThat(params).isEqualTo(cfg.parameterCount());
        }
    }

    @Test
    void normsAreOneAndWeightsLookLikeNormalWithStd002() {
        Path dir = RandomCheckpoint.builder().setShape(ModelShape.TINY).optSeed(3).build().write(tmp);
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThat(floats(c.float32(Qwen2Tensors.FINAL_NORM))).containsOnly(1f);
            assertThat(floats(c.float32(Qwen2Tensors.layer(1, Qwen2Tensors.INPUT_LAYERNORM)))).containsOnly(1f);
            float[] embed = floats(c.float32(Qwen2Tensors.EMBED_TOKENS));
            double sum = 0;
            double sq = 0;
            for (float v : embed) {
                sum += v;
                sq += v * v;
            }
            double mean = sum / embed.length;
            double std = Math.sqrt(sq / embed.length - mean * mean);
            assertThat(mean).isBetween(-0.002, 0.002);
            assertThat(std).isBetween(0.019, 0.021);
            float[] bias = floats(c.float32(Qwen2Tensors.layer(0, Qwen2Tensors.Q_PROJ_BIAS)));
            assertThat(bias).doesNotContain(0f);
        }
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        Path a = RandomCheckpoint.builder().setShape(ModelShape.TINY).optSeed(11).build().write(tmp.resolve("a"));
        Path b = RandomCheckpoint.builder().setShape(ModelShape.TINY).optSeed(11).optShards(3).build()
                .write(tmp.resolve("b"));
        Path c = RandomCheckpoint.builder().setShape(ModelShape.TINY).optSeed(12).build().write(tmp.resolve("c"));
        try (Checkpoint ca = Checkpoint.open(a); Checkpoint cb = Checkpoint.open(b); Checkpoint cc = Checkpoint.open(c)) {
            for (String name : ca.tensors().keySet()) {
                assertThat(floats(cb.float32(name))).as(name).containsExactly(floats(ca.float32(name)));
            }
            assertThat(floats(cc.float32(Qwen2Tensors.EMBED_TOKENS)))
                    .isNotEqualTo(floats(ca.float32(Qwen2Tensors.EMBED_TOKENS)));
            assertThat(ca.revision()).isEqualTo(
                    Checkpoint.open(RandomCheckpoint.builder().setShape(ModelShape.TINY).optSeed(11).build()
                            .write(tmp.resolve("a2"))).revision());
        }
    }

    @Test
    void untiedShardedBf16CheckpointHasLmHeadAndAnIndex() throws Exception {
        Path dir = RandomCheckpoint.builder().setShape(ModelShape.TINY).optSeed(5).optTied(false)
                .optDType(DType.BF16).optShards(2).build().write(tmp);
        assertThat(dir.resolve("model-00001-of-00002.safetensors")).exists();
        assertThat(dir.resolve("model-00002-of-00002.safetensors")).exists();
        assertThat(dir.resolve(CheckpointFiles.WEIGHTS_INDEX)).exists();
        assertThat(dir.resolve(CheckpointFiles.SINGLE_WEIGHTS)).doesNotExist();
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThat(c.config().tieWordEmbeddings()).isFalse();
            assertThat(c.config().torchDtype()).isEqualTo("bfloat16");
            assertThat(c.lmHeadTied()).isFalse();
            assertThat(c.weightFiles()).hasSize(2);
            TensorInfo head = c.tensor(Qwen2Tensors.LM_HEAD);
            assertThat(head.dtype()).isEqualTo(DType.BF16);
            assertThat(head.shape()).containsExactly(259, 64);
            assertThat(floats(c.float32(Qwen2Tensors.LM_HEAD))).hasSize(259 * 64);
        }
    }

    @Test
    void progressReachesTheTotal() {
        List<long[]> updates = new ArrayList<>();
        RandomCheckpoint r = RandomCheckpoint.builder().setShape(ModelShape.TINY)
                .optProgress((done, total) -> updates.add(new long[] {done, total})).build();
        r.write(tmp);
        assertThat(updates.get(updates.size() - 1)).containsExactly(r.weightBytes(), r.weightBytes());
        assertThat(updates.get(0)[0]).isZero();
    }

    @Test
    void bigShapesHaveTheRealModelsSizes() {
        Qwen2Config vibe = ModelShape.of("vibethinker-1.5b").config(true, DType.BF16);
        assertThat(vibe.parameterCount()).isBetween(1_500_000_000L, 1_800_000_000L);
        assertThat(vibe.vocabSize()).isEqualTo(151936);
        assertThat(vibe.eosTokenIds()).containsExactly(151645);
        Qwen2Config small = ModelShape.of("qwen2.5-0.5b").config(true, DType.F32);
        assertThat(small.parameterCount()).isBetween(490_000_000L, 500_000_000L);
        assertThat(small.ropeTheta()).isEqualTo(1e6);
        assertThatThrownBy(() -> ModelShape.of("llama")).hasMessageContaining("unknown model shape 'llama'");
        assertThatThrownBy(() -> RandomCheckpoint.builder().setShape(ModelShape.TINY).optShards(27).build())
                .hasMessageContaining("shards must be between 1 and 26 (the tensors of tiny), got 27");
    }

    @Test
    void writesIntoAnExistingFolderReplacingFiles() throws Exception {
        Files.writeString(tmp.resolve("config.json"), "junk");
        RandomCheckpoint.writeTiny(tmp);
        try (Checkpoint c = Checkpoint.open(tmp)) {
            assertThat(c.config().hiddenSize()).isEqualTo(64);
        }
    }
}
