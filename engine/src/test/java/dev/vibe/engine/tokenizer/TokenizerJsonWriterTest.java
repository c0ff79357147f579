package dev.vibe.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerJsonWriterTest {

    @TempDir
    Path tmp;

    /** Merges a trainer could learn on "the the then": "t h" -> th, "th e" -> the, "Ġ the" -> " the". */
    private static final List<String> MERGES = List.of("t h", "th e", "Ġ the", "Ġthe n", "1 2");

    private Tokenizer write(TokenizerJsonWriter writer) {
        writer.writeTo(tmp);
        return Tokenizer.load(tmp.resolve("tokenizer.json"));
    }

    @Test
    void byteLevelTokenizerRoundTripsAsciiDigitsAndUnicodeThroughDjl() {
        try (Tokenizer t = write(TokenizerJsonWriter.byteLevelBpe(MERGES))) {
            for (String text : List.of("the cat", "Numbers: 12345 and 3.14159", "  spaces\tand\nnewlines\n\n",
                    "héllo wörld — こんにちは世界 🚀🔥 नमस्ते", "", "<|im_start|>user\nhi<|im_end|>\n")) {
                assertThat(t.decode(t.encode(text))).as(text).isEqualTo(text);
            }
        }
    }

    @Test
    void mergesBecomeTokensInOrderAfterTheBytes() {
        TokenizerJsonWriter writer = TokenizerJsonWriter.byteLevelBpe(MERGES);
        assertThat(writer.bpeVocabularySize()).isEqualTo(256 + 5);
        assertThat(writer.vocabulary()).containsEntry("th", 256).containsEntry("the", 257)
                .containsEntry("Ġthe", 258).containsEntry("Ġthen", 259).containsEntry("12", 260)
                .containsEntry("!", 0).containsEntry("Ġ", 220).containsEntry("Ċ", 198);
        try (Tokenizer t = write(writer)) {
            assertThat(t.encode("the then")).containsExactly(257, 259);
            assertThat(t.encode("123")).containsExactly(ByteLevel.baseVocabulary().indexOf("1"),
                    ByteLevel.baseVocabulary().indexOf("2"), ByteLevel.baseVocabulary().indexOf("3"));
            // Qwen2's split puts every digit on its own: the "1 2" merge never applies
            assertThat(t.encode("<|im_start|>")).containsExactly(writer.imStartId());
            assertThat(writer.endOfTextId()).isEqualTo(261);
            assertThat(writer.imStartId()).isEqualTo(262);
            assertThat(writer.imEndId()).isEqualTo(263);
            assertThat(t.tokenId("<|im_end|>")).hasValue(263);
            assertThat(t.tokenId("<|endoftext|>")).hasValue(261);
        }
    }

    @Test
    void splitsTextAsQwen2Does() {
        try (Tokenizer t = write(TokenizerJsonWriter.byteLevelBpe(List.of()))) {
            // no merges: one id per byte; "é" is two bytes, emoji four
            assertThat(t.encode("é")).hasSize(2);
            assertThat(t.encode("🚀")).hasSize(4);
            assertThat(t.decode(new int[] {t.encode("a")[0]})).isEqualTo("a");
        }
    }

    @Test
    void paddedVocabularyDecodesEveryIdAndPutsSpecialsWhereAsked() throws Exception {
        TokenizerJsonWriter writer = TokenizerJsonWriter.byteLevelBpe(List.of()).optVocabSize(400)
                .optSpecialTokensStartId(300);
        assertThat(writer.vocabSize()).isEqualTo(400);
        try (Tokenizer t = write(writer)) {
            assertThat(t.tokenId("<|endoftext|>")).hasValue(300);
            assertThat(t.tokenId("<|im_start|>")).hasValue(301);
            assertThat(t.tokenId("<|im_end|>")).hasValue(302);
            assertThat(t.decode(new int[] {256})).isEqualTo("<|unused_256|>");
            assertThat(t.decode(new int[] {399})).isEqualTo("<|unused_399|>");
            assertThat(t.encode("<|unused_256|>")).as("placeholders never come out of text").hasSizeGreaterThan(1);
            assertThat(t.encode("a<|im_end|>")).containsExactly(t.encode("a")[0], 302);
        }
        JsonNode config = new ObjectMapper().readTree(tmp.resolve("tokenizer_config.json").toFile());
        assertThat(config.get("eos_token").asText()).isEqualTo("<|im_end|>");
        assertThat(config.get("added_tokens_decoder").get("302").get("content").asText()).isEqualTo("<|im_end|>");
        assertThat(config.get("added_tokens_decoder").get("302").get("special").asBoolean()).isTrue();
        assertThat(config.get("tokenizer_class").asText()).isEqualTo("Qwen2Tokenizer");
    }

    @Test
    void fullSizeVocabularyOfTheBigShapesHasQwenSpecialIds() {
        TokenizerJsonWriter writer = dev.vibe.engine.checkpoint.ModelShape.VIBETHINKER_1_5B.tokenizer();
        long t0 = System.nanoTime();
        try (Tokenizer t = write(writer)) {
            System.out.printf("151936-id tokenizer written and loaded in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(t.tokenId("<|endoftext|>")).hasValue(151643);
            assertThat(t.tokenId("<|im_start|>")).hasValue(151644);
            assertThat(t.tokenId("<|im_end|>")).hasValue(151645);
            assertThat(t.decode(new int[] {151935, 72})).isEqualTo("<|unused_151935|>i");
        }
    }

    @Test
    void rejectsMergesOfUnknownTokensAndSpecialsThatDoNotFit() {
        assertThatThrownBy(() -> TokenizerJsonWriter.byteLevelBpe(List.of("th e")))
                .hasMessageContaining("merge 0 'th e': 'th' is neither a byte nor made by an earlier merge");
        assertThatThrownBy(() -> TokenizerJsonWriter.byteLevelBpe(List.of("the")))
                .hasMessageContaining("is not two tokens");
        assertThatThrownBy(() -> TokenizerJsonWriter.byteLevelBpe(List.of()).optVocabSize(300)
                .optSpecialTokensStartId(299).write(tmp.resolve("t.json")))
                .hasMessageContaining("leaves no room");
    }

    @Test
    void byteLevelAlphabetMatchesGpt2() {
        assertThat(ByteLevel.charOf(' ')).isEqualTo('Ġ');
        assertThat(ByteLevel.charOf('\n')).isEqualTo('Ċ');
        assertThat(ByteLevel.charOf('a')).isEqualTo('a');
        assertThat(ByteLevel.encode("é")).isEqualTo("Ã©");
        assertThat(ByteLevel.decode(ByteLevel.encode("a b\n🚀"))).isEqualTo("a b\n🚀");
        assertThat(ByteLevel.baseVocabulary()).hasSize(256).doesNotHaveDuplicates();
        assertThat(ByteLevel.baseVocabulary().get(0)).isEqualTo("!");
        assertThat(ByteLevel.baseVocabulary().get(188)).isEqualTo("Ā");
    }
}
