package dev.vibe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.prompt.Prompt;
import dev.vibe.engine.tokenizer.Tokenizer;
import dev.vibe.engine.tokenizer.TokenizerJsonWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {

    @TempDir
    Path dir;

    private static List<String> corpus(int n) {
        SplittableRandom random = new SplittableRandom(3);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ArithmeticProblems.Problem p = ArithmeticProblems.training(random);
            texts.add(p.question() + Prompt.AUTHORS_SUFFIX);
            texts.add(p.completion());
        }
        return texts;
    }

    @Test
    void learnsMergesForWordsButNeverJoinsDigits() {
        List<String> merges = BpeTrainer.train(corpus(2000), 400);
        assertThat(merges).hasSize(400 - 256).doesNotHaveDuplicates();
        List<String> made = merges.stream().map(m -> m.replace(" ", "")).toList();
        assertThat(made).contains("Ġstep", "think", "Ġanswer").doesNotHaveDuplicates();
        for (String merge : merges) {
            assertThat(merge).as(merge).doesNotContainPattern("[0-9]");
        }
    }

    @Test
    void theWrittenTokenizerJsonEncodesDigitsOneByOneAndRoundTrips() {
        TokenizerJsonWriter.byteLevelBpe(BpeTrainer.train(corpus(2000), 400)).writeTo(dir);
        try (Tokenizer tokenizer = Tokenizer.load(dir.resolve("tokenizer.json"))) {
            String prompt = Prompt.forProblem("What is 47 + 385?", null).render();
            int[] ids = tokenizer.encode(prompt);
            assertThat(tokenizer.decode(ids)).isEqualTo(prompt);
            assertThat(ids[0]).isEqualTo(tokenizer.tokenId("<|im_start|>").getAsInt()).isEqualTo(401);
            assertThat(tokenizer.tokenId("<|endoftext|>").getAsInt()).isEqualTo(400);
            assertThat(tokenizer.tokenId("<|im_end|>").getAsInt()).isEqualTo(402);
            int[] number = tokenizer.encode("385");
            assertThat(number).hasSize(3);
            assertThat(tokenizer.decode(new int[] {number[0]})).isEqualTo("3");
            // The suffix is made of merged words, far fewer tokens than characters.
            assertThat(tokenizer.encode(Prompt.AUTHORS_SUFFIX).length).isLessThan(20);
            String working = Working.subtraction(38, 905);
            assertThat(tokenizer.decode(tokenizer.encode(working))).isEqualTo(working);
        }
    }

}
