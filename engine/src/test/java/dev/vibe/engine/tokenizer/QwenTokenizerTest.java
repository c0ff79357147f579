package dev.vibe.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Qwen2 tokenizer through DJL: golden vectors from the official tokenizer and streaming decode. */
class QwenTokenizerTest {

    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = SharedQwenTokenizer.load();
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    @Test
    void reproducesAllGoldenVectors() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(SharedQwenTokenizer.folder().resolve("golden_vectors.json")
                .toFile());
        assertThat(golden).hasSize(15);
        for (JsonNode v : golden) {
            String text = v.get("text").asText();
            int[] expected = new int[v.get("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = v.get("ids").get(i).asInt();
            }
            assertThat(tokenizer.encode(text)).as("encode %s", text).containsExactly(expected);
            assertThat(tokenizer.decode(expected)).as("decode %s", text).isEqualTo(text);
        }
    }

    @Test
    void knowsTheChatMlSpecialTokens() {
        assertThat(tokenizer.tokenId("<|endoftext|>")).hasValue(151643);
        assertThat(tokenizer.tokenId("<|im_start|>")).hasValue(151644);
        assertThat(tokenizer.tokenId("<|im_end|>")).hasValue(151645);
        assertThat(tokenizer.tokenId("<think>")).isEmpty();
    }

    @Test
    void incrementalDecodingConcatenatesToTheFullDecodeOnMultiByteText() {
        String text = "नमस्ते दुनिया — こんにちは世界 — 🚀🔥 p好Eui-0J你r你 😀n\n'I0).ru 👩‍👩‍👧 ∑∫∈ <|im_end|>";
        int[] ids = tokenizer.encode(text);
        IncrementalDecoder decoder = tokenizer.newIncrementalDecoder();
        List<String> deltas = new ArrayList<>();
        for (int id : ids) {
            deltas.add(decoder.next(id));
        }
        deltas.add(decoder.finish());
        assertThat(String.join("", deltas)).isEqualTo(tokenizer.decode(ids)).isEqualTo(text);
        assertThat(deltas).noneMatch(d -> d.contains("\uFFFD"));
        // some tokens carry only part of a character: they release nothing until it completes
        assertThat(deltas.subList(0, ids.length)).contains("");
    }

    @Test
    void incrementalDecodingOfRandomIdsConcatenatesToTheFullDecode() {
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 30; round++) {
            int[] ids = new int[1 + random.nextInt(40)];
            for (int i = 0; i < ids.length; i++) {
                // favour the byte tokens (ids < 256) and the multi-byte merges that split characters
                ids[i] = random.nextBoolean() ? random.nextInt(256) : random.nextInt(151665);
            }
            IncrementalDecoder decoder = tokenizer.newIncrementalDecoder();
            StringBuilder out = new StringBuilder();
            for (int id : ids) {
                out.append(decoder.next(id));
            }
            out.append(decoder.finish());
            assertThat(out.toString()).as("round %d", round).isEqualTo(tokenizer.decode(ids));
        }
    }
}
