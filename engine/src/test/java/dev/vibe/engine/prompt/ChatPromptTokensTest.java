package dev.vibe.engine.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.tokenizer.SharedQwenTokenizer;
import dev.vibe.engine.tokenizer.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rendered ChatML prompt tokenizes to Qwen2's ids (derived from the golden vectors' ChatML case). */
class ChatPromptTokensTest {

    @Test
    void systemAndUserPromptInTheAuthorsFormatHasTheExpectedIds() {
        Prompt prompt = Prompt.forProblem("What is 2+2?", Prompt.DEFAULT_SYSTEM_PROMPT);
        assertThat(prompt.render()).isEqualTo("<|im_start|>system\nYou are a math and coding problem solver."
                + "<|im_end|>\n<|im_start|>user\nWhat is 2+2? Let's think step by step and output the final answer"
                + " within \\boxed{}.<|im_end|>\n<|im_start|>assistant\n");
        try (Tokenizer tokenizer = SharedQwenTokenizer.load()) {
            assertThat(tokenizer.encode(prompt.render())).containsExactly(
                    151644, 8948, 198, // <|im_start|> system \n
                    2610, 525, 264, 6888, 323, 10822, 3491, 28961, 13, // You are a math and coding problem solver.
                    151645, 198, // <|im_end|> \n
                    151644, 872, 198, // <|im_start|> user \n
                    3838, 374, 220, 17, 10, 17, 30, // What is 2+2?  (as in the golden ChatML vector)
                    6771, 594, 1744, 3019, 553, 3019, 323, 2550, 279, 1590, 4226, 2878, 1124, 79075, 46391,
                    151645, 198, // <|im_end|> \n
                    151644, 77091, 198); // <|im_start|> assistant \n
        }
    }

    @Test
    void userOnlyPromptMatchesTheGoldenChatMlVector() {
        Prompt prompt = Prompt.chat(List.of(ChatMessage.user("What is 2+2?")));
        try (Tokenizer tokenizer = SharedQwenTokenizer.load()) {
            assertThat(tokenizer.encode(prompt.render())).containsExactly(
                    151644, 872, 198, 3838, 374, 220, 17, 10, 17, 30, 151645, 198, 151644, 77091, 198);
        }
    }
}
