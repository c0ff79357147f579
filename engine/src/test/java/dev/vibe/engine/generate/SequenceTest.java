package dev.vibe.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.FinishReason;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import dev.vibe.engine.prompt.Prompt;
import dev.vibe.engine.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sequence's text and its streamed deltas always equal the decode of its tokens, however it ends. */
class SequenceTest {

    @TempDir
    static Path dir;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void tinyByteLevelTokenizer() {
        tokenizer = Tokenizer.load(RandomCheckpoint.writeTiny(dir.resolve("tiny")).resolve("tokenizer.json"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** Token ids of the UTF-8 bytes of {@code text} in the byte-level vocabulary (one token per byte). */
    private static int[] byteTokens(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = tokenizer.encode(text);
        assertThat(ids).as("the tiny vocabulary has one token per byte").hasSize(bytes.length);
        return ids;
    }

    private static Sequence sequence(int maxNewTokens, List<String> streamed, Set<Integer> stopIds) {
        GenerationRequest request = new GenerationRequest("r", Prompt.raw("x"),
                SamplingParams.builder().optTemperature(0).optMaxNewTokens(maxNewTokens).build());
        int[] prompt = {1};
        return new Sequence(request, (id, delta) -> streamed.add(delta), prompt, prompt.length + maxNewTokens,
                stopIds, tokenizer.newIncrementalDecoder());
    }

    @Test
    void aTraceCutInsideAMultiByteCharacterKeepsItsLastBytes() {
        int[] euro = byteTokens("a€"); // 'a' then the three bytes of U+20AC
        List<String> streamed = new ArrayList<>();
        Sequence seq = sequence(3, streamed, Set.of()); // stops at 'a' + two of the euro's three bytes
        for (int i = 0; i < 3; i++) {
            seq.accept(euro[i]);
        }
        GenerationResult result = seq.complete();
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        String decoded = tokenizer.decode(new int[] {euro[0], euro[1], euro[2]});
        assertThat(decoded).startsWith("a").hasSizeGreaterThan(1); // the partial character decodes as U+FFFD
        assertThat(result.text()).isEqualTo(decoded);
        assertThat(String.join("", streamed)).isEqualTo(decoded);
    }

    @Test
    void anEndTokenAfterAPartialCharacterKeepsItsBytes() {
        int[] euro = byteTokens("€");
        int end = 2;
        List<String> streamed = new ArrayList<>();
        Sequence seq = sequence(10, streamed, Set.of(end));
        seq.accept(euro[0]);
        seq.accept(euro[1]);
        seq.accept(end);
        GenerationResult result = seq.complete();
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        String decoded = tokenizer.decode(new int[] {euro[0], euro[1]});
        assertThat(result.text()).isEqualTo(decoded).isNotEmpty();
        assertThat(String.join("", streamed)).isEqualTo(decoded);
    }
}
