package dev.vibe.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken checkpoint is one {@link CheckpointException} naming the file and the problem. */
class CheckpointErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void writeGoodCheckpoint() {
        dir = RandomCheckpoint.writeTiny(tmp.resolve("tiny"));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> opening(String file) {
        return assertThatThrownBy(() -> Checkpoint.open(dir).close())
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(dir.resolve(file).toAbsolutePath().toString() + ": ")
                .hasNoCause();
    }

    private void editConfig(Consumer<ObjectNode> edit) throws IOException {
        Path config = dir.resolve("config.json");
        ObjectNode c = (ObjectNode) JSON.readTree(config.toFile());
        edit.accept(c);
        JSON.writeValue(config.toFile(), c);
    }

    /** Rewrites model.safetensors, changing or dropping tensors (changed ones hold zeros). */
    private void rewriteWeights(UnaryOperator<TensorSpec> change) {
        Path file = dir.resolve("model.safetensors");
        List<TensorSpec> specs = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (TensorInfo t : f.tensors().values()) {
                TensorSpec s = change.apply(new TensorSpec(t.name(), t.dtype(), t.shape()));
                if (s != null) {
                    specs.add(s);
                }
            }
        }
        try (SafetensorsWriter w = SafetensorsWriter.create(file, specs, null)) {
            for (TensorSpec s : specs) {
                w.write(s.name(), (start, chunk, count) -> { });
            }
        }
    }

    /** Writes a safetensors file with a hand-made header and {@code dataBytes} zero bytes of data. */
    private void writeRaw(String headerJson, long dataBytes) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate((int) (8 + header.length + dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Files.write(dir.resolve("model.safetensors"), b.array());
    }

    @Test
    void rejectsAMissingFolder() {
        dir = tmp.resolve("nowhere");
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessage(dir.toAbsolutePath() + ": missing checkpoint folder");
    }

    @Test
    void rejectsAMissingConfig() throws IOException {
        Files.delete(dir.resolve("config.json"));
        opening("config.json").hasMessageEndingWith(": missing file");
    }

    @Test
    void rejectsInvalidJsonInConfig() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64,");
        opening("config.json").hasMessageContaining("invalid JSON").hasMessageContaining("line 1");
    }

    @Test
    void rejectsAnUnknownArchitecture() throws IOException {
        editConfig(c -> c.putArray("architectures").add("LlamaForCausalLM"));
        opening("config.json").hasMessageContaining("unknown architecture LlamaForCausalLM")
                .hasMessageContaining("Qwen2ForCausalLM");
    }

    @Test
    void rejectsAMissingConfigField() throws IOException {
        editConfig(c -> c.remove("hidden_size"));
        opening("config.json").hasMessageContaining("missing config field 'hidden_size'");
        writeGoodCheckpoint();
        editConfig(c -> c.remove("rope_theta"));
        opening("config.json").hasMessageContaining("missing config field 'rope_theta'");
        writeGoodCheckpoint();
        editConfig(c -> c.remove("architectures"));
        opening("config.json").hasMessageContaining("missing config field 'architectures'");
    }

    @Test
    void rejectsConfigFieldsOfTheWrongType() throws IOException {
        editConfig(c -> c.put("num_hidden_layers", "two"));
        opening("config.json").hasMessageContaining("'num_hidden_layers' must be a non-negative integer, got \"two\"");
        writeGoodCheckpoint();
        editConfig(c -> c.put("num_key_value_heads", 3));
        opening("config.json").hasMessageContaining("num_attention_heads 4 is not a multiple of num_key_value_heads 3");
        writeGoodCheckpoint();
        editConfig(c -> c.put("eos_token_id", -4));
        opening("config.json").hasMessageContaining("'eos_token_id' must hold token ids, got -4");
    }

    @Test
    void rejectsAMissingTensor() {
        String name = Qwen2Tensors.layer(1, Qwen2Tensors.UP_PROJ_WEIGHT);
        rewriteWeights(s -> s.name().equals(name) ? null : s);
        opening("model.safetensors").hasMessageContaining("tensor " + name + " is missing");
    }

    @Test
    void rejectsATensorOfTheWrongShape() {
        String name = Qwen2Tensors.layer(0, Qwen2Tensors.K_PROJ_WEIGHT);
        rewriteWeights(s -> s.name().equals(name) ? new TensorSpec(name, s.dtype(), new long[] {64, 64}) : s);
        opening("model.safetensors").hasMessageContaining("tensor " + name + " has shape [64, 64]")
                .hasMessageContaining("config.json implies [32, 64]");
    }

    @Test
    void requiresLmHeadWhenEmbeddingsAreNotTied() throws IOException {
        editConfig(c -> c.put("tie_word_embeddings", false));
        opening("model.safetensors").hasMessageContaining("tensor lm_head.weight is missing")
                .hasMessageContaining("tie_word_embeddings is false");
    }

    @Test
    void rejectsAnUnsupportedDtype() throws IOException {
        writeRaw("{\"a\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
        opening("model.safetensors").hasMessageContaining("tensor a: unsupported dtype I64");
    }

    @Test
    void rejectsTruncatedTensorData() throws IOException {
        Path file = dir.resolve("model.safetensors");
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 10);
        }
        opening("model.safetensors").hasMessageContaining("truncated data: tensor")
                .hasMessageContaining("ends at byte " + size + " but the file has " + (size - 10) + " bytes");
    }

    @Test
    void rejectsAHeaderLengthLargerThanTheFile() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
        Files.write(dir.resolve("model.safetensors"), b.array());
        opening("model.safetensors").hasMessageContaining("header length 1000 is larger than the file (100 bytes)");
        Files.write(dir.resolve("model.safetensors"), new byte[5]);
        opening("model.safetensors").hasMessageContaining("shorter than the 8-byte header length");
        Files.write(dir.resolve("model.safetensors"), ByteBuffer.allocate(16).putLong(-1L).array());
        opening("model.safetensors").hasMessageContaining("is not a valid safetensors header length");
    }

    @Test
    void rejectsDataOffsetsThatDoNotMatchTheShape() throws IOException {
        writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}}", 12);
        opening("model.safetensors").hasMessageContaining("tensor a: data_offsets 0..12 span 12 bytes but shape [4]"
                + " of F32 needs 16");
    }

    @Test
    void rejectsOverlappingOrNegativeOffsetsAndHoles() throws IOException {
        writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24);
        opening("model.safetensors").hasMessageContaining("tensor b overlaps tensor a");
        writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[-4,12]}}", 16);
        opening("model.safetensors").hasMessageContaining("tensor a: data_offsets holds -4, not a non-negative integer");
        writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,0]}}", 16);
        opening("model.safetensors").hasMessageContaining("end before they begin");
        writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        opening("model.safetensors").hasMessageContaining("hole in the data before tensor a");
    }

    @Test
    void rejectsDuplicateTensorNames() throws IOException {
        writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        opening("model.safetensors").hasMessageContaining("invalid JSON in the safetensors header")
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void rejectsATensorStoredInTwoShards() throws IOException {
        dir = RandomCheckpoint.builder().setShape(ModelShape.TINY).optShards(2).build().write(tmp.resolve("sharded"));
        Path second = dir.resolve("model-00002-of-00002.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(second, List.of(
                new TensorSpec(Qwen2Tensors.EMBED_TOKENS, DType.F32, new long[] {259, 64})), null)) {
            w.write(Qwen2Tensors.EMBED_TOKENS, (start, chunk, count) -> { });
        }
        opening("model-00002-of-00002.safetensors").hasMessageContaining("duplicate tensor model.embed_tokens.weight:"
                + " also in model-00001-of-00002.safetensors");
    }

    @Test
    void rejectsAMissingShardAndABrokenIndex() throws IOException {
        dir = RandomCheckpoint.builder().setShape(ModelShape.TINY).optShards(2).build().write(tmp.resolve("sharded"));
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        opening("model-00002-of-00002.safetensors").hasMessageEndingWith(": missing file");
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"x\": \"../../etc/passwd\"}}");
        opening("model.safetensors.index.json").hasMessageContaining("not a .safetensors file name in the folder");
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\": {}}");
        opening("model.safetensors.index.json").hasMessageContaining("missing or empty 'weight_map'");
    }

    @Test
    void rejectsMissingWeightsAndMissingTokenizer() throws IOException {
        Files.delete(dir.resolve("model.safetensors"));
        opening("model.safetensors").hasMessageContaining("missing file (and no model.safetensors.index.json");
        writeGoodCheckpoint();
        Files.delete(dir.resolve("tokenizer.json"));
        opening("tokenizer.json").hasMessageEndingWith(": missing file");
        writeGoodCheckpoint();
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"vocab\": ");
        opening("tokenizer.json").hasMessageContaining("invalid JSON");
    }

    @Test
    void rejectsATokenizerWithIdsBeyondTheEmbedding() {
        dev.vibe.engine.tokenizer.TokenizerJsonWriter.byteLevelBpe(List.of()).optVocabSize(300)
                .write(dir.resolve("tokenizer.json"));
        opening("tokenizer.json").hasMessageContaining("token id 299 is outside the model's vocab_size 259");
    }

    @Test
    void findsTheLargestIdOfTheRealQwenTokenizer() throws IOException {
        Path qwen = dev.vibe.engine.tokenizer.SharedQwenTokenizer.folder().resolve("tokenizer.json");
        Files.copy(qwen, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // the 22 added tokens end at <|file_sep|> 151664
        opening("tokenizer.json").hasMessageContaining("token id 151664 is outside the model's vocab_size 259");
    }

    @Test
    void rejectsInvalidGenerationAndTokenizerConfigs() throws IOException {
        Files.writeString(dir.resolve("generation_config.json"), "[1, 2");
        opening("generation_config.json").hasMessageContaining("invalid JSON");
        writeGoodCheckpoint();
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"added_tokens_decoder\": {\"x\": {}}}");
        opening("tokenizer_config.json").hasMessageContaining("added_tokens_decoder key 'x' is not a token id");
    }

    @Test
    void acceptsOptionalFilesAbsentAndEosAsAList() throws IOException {
        Files.delete(dir.resolve("generation_config.json"));
        Files.delete(dir.resolve("tokenizer_config.json"));
        editConfig(c -> {
            c.putArray("eos_token_id").add(258).add(256);
            c.remove("torch_dtype");
            c.remove("num_key_value_heads");
            c.put("num_attention_heads", 2);
            c.put("head_dim", 16);
        });
        rewriteWeights(s -> s.name().contains("k_proj") || s.name().contains("v_proj")
                ? new TensorSpec(s.name(), s.dtype(), s.shape().length == 2 ? new long[] {32, 64} : new long[] {32})
                : s.name().contains("q_proj") || s.name().contains("o_proj")
                        ? new TensorSpec(s.name(), s.dtype(), s.name().contains("o_proj") ? new long[] {64, 32}
                                : s.shape().length == 2 ? new long[] {32, 64} : new long[] {32})
                        : s);
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThat(c.config().eosTokenIds()).containsExactly(258, 256);
            assertThat(c.config().torchDtype()).isEqualTo("float32");
            assertThat(c.config().numKeyValueHeads()).isEqualTo(2);
            assertThat(c.config().headDim()).isEqualTo(16);
            assertThat(c.generationConfig()).isEqualTo(GenerationConfig.EMPTY);
            assertThat(c.tokenizerConfig()).isEqualTo(TokenizerConfig.EMPTY);
        }
    }

    /** Random damage to the header bytes never crashes or throws anything but a CheckpointException. */
    @Test
    void corruptedHeadersAreCheckpointExceptionsNeverCrashes() throws IOException {
        Path file = dir.resolve("model.safetensors");
        byte[] good = Files.readAllBytes(file);
        int headerEnd = (int) (8 + ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong());
        Random random = new Random(42);
        int failures = 0;
        for (int round = 0; round < 300; round++) {
            byte[] bad = good.clone();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                bad[random.nextInt(headerEnd)] = (byte) random.nextInt(256);
            }
            Files.write(file, bad);
            try (Checkpoint c = Checkpoint.open(dir)) {
                c.tensors().keySet().forEach(c::float32);
            } catch (CheckpointException e) {
                assertThat(e.getMessage()).startsWith(dir.toAbsolutePath().toString()).doesNotContain("\n");
                failures++;
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e, e);
            }
        }
        assertThat(failures).isGreaterThan(100);
    }
}
