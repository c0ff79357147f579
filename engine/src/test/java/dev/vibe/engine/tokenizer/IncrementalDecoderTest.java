package dev.vibe.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming decode on the byte-level tokenizer this project writes (one token per byte: the hardest case). */
class IncrementalDecoderTest {

    @TempDir
    static Path tmp;
    static Tokenizer tokenizer;

    @BeforeAll
    static void write() {
        TokenizerJsonWriter.byteLevelBpe(List.of("Ġ t", "Ġt h")).writeTo(tmp);
        tokenizer = Tokenizer.load(tmp.resolve("tokenizer.json"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static String stream(IncrementalDecoder decoder, int[] ids, StringBuilder deltas) {
        for (int id : ids) {
            String delta = decoder.next(id);
            assertThat(delta).doesNotContain("\uFFFD");
            deltas.append(delta);
        }
        return deltas.append(decoder.finish()).toString();
    }

    @Test
    void releasesACharacterOnlyWhenAllItsBytesArrived() {
        int[] ids = tokenizer.encode("a🚀");
        assertThat(ids).hasSize(5);
        IncrementalDecoder d = tokenizer.newIncrementalDecoder();
        assertThat(d.next(ids[0])).isEqualTo("a");
        assertThat(d.next(ids[1])).isEmpty();
        assertThat(d.next(ids[2])).isEmpty();
        assertThat(d.next(ids[3])).isEmpty();
        assertThat(d.next(ids[4])).isEqualTo("🚀");
        assertThat(d.finish()).isEmpty();
    }

    @Test
    void concatenationEqualsTheFullDecodeOnEmojiCjkAndSpecials() {
        String text = "x 🚀🔥 こんにちは世界 the thin <|im_start|>user\nçé<|im_end|>";
        int[] ids = tokenizer.encode(text);
        assertThat(stream(tokenizer.newIncrementalDecoder(), ids, new StringBuilder())).isEqualTo(text)
                .isEqualTo(tokenizer.decode(ids));
    }

    @Test
    void finishReleasesAnIncompleteCharacterAsTheFullDecodeDoes() {
        int[] rocket = tokenizer.encode("🚀");
        int[] ids = {tokenizer.encode("o")[0], tokenizer.encode("k")[0], rocket[0], rocket[1]};
        IncrementalDecoder d = tokenizer.newIncrementalDecoder();
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(d.next(id));
        }
        assertThat(out.toString()).isEqualTo("ok");
        String rest = d.finish();
        assertThat(rest).isEqualTo("\uFFFD");
        assertThat(out.append(rest).toString()).isEqualTo(tokenizer.decode(ids));
        assertThat(d.tokenCount()).isZero();
    }

    @Test
    void randomIdsIncludingInvalidUtf8StreamToTheFullDecode() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            int[] ids = new int[1 + random.nextInt(60)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(261); // every byte, both merges, and the specials
            }
            StringBuilder deltas = new StringBuilder();
            IncrementalDecoder d = tokenizer.newIncrementalDecoder();
            for (int id : ids) {
                deltas.append(d.next(id));
            }
            deltas.append(d.finish());
            assertThat(deltas.toString()).as("round %d", round).isEqualTo(tokenizer.decode(ids));
        }
    }
}
