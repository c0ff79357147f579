package dev.vibe.operators.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibe.engine.prompt.ChatMessage;
import dev.vibe.engine.prompt.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFormatTest {

    @Test
    void defaultIsTheAuthorsFormatWithoutSystemMessage() {
        Prompt p = PromptFormat.authors().render("What is 2+2?", null);
        assertThat(p.messages()).containsExactly(ChatMessage.user(
                "What is 2+2? Let's think step by step and output the final answer within \\boxed{}."));
        assertThat(p.render()).isEqualTo("<|im_start|>user\nWhat is 2+2? Let's think step by step and output the"
                + " final answer within \\boxed{}.<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void systemPromptComesFirst() {
        Prompt p = PromptFormat.of("Be brief.", null).render("1+1?", null);
        assertThat(p.messages()).extracting(ChatMessage::role).containsExactly("system", "user");
        assertThat(p.systemPrompt()).isEqualTo("Be brief.");
    }

    @Test
    void templateReplacesEveryPlaceholder() {
        Prompt p = PromptFormat.of(null, "Solve: {problem}\nAgain: {problem}").render("x=1", null);
        assertThat(p.messages()).containsExactly(ChatMessage.user("Solve: x=1\nAgain: x=1"));
    }

    @Test
    void rowMessagesAreUsedAsTheyAre() {
        List<ChatMessage> row = List.of(ChatMessage.user("Given in the file."));
        assertThat(PromptFormat.of(null, "T {problem}").render("ignored", row).messages()).isEqualTo(row);
        assertThat(PromptFormat.of("S", null).render("ignored", row).messages())
                .containsExactly(ChatMessage.system("S"), ChatMessage.user("Given in the file."));
    }

    @Test
    void rejectsTemplateWithoutPlaceholder() {
        assertThatThrownBy(() -> PromptFormat.of(null, "no placeholder"))
                .hasMessageContaining("{problem}");
    }
}
