package dev.vibe.engine.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TracesTest {

    @Test
    void splitsReasoningAndResponseAtTheLastThinkEnd() {
        String text = "<think>\n12 + 30 = 42\n</think>\nThe answer is \\boxed{42}.";
        assertThat(Traces.reasoning(text)).isEqualTo("12 + 30 = 42");
        assertThat(Traces.response(text)).isEqualTo("The answer is \\boxed{42}.");
        assertThat(Traces.finalAnswer(text)).isEqualTo("42");
    }

    @Test
    void aTraceThatNeverClosedItsThinkingHasNoResponseAndNoAnswer() {
        String text = "<think>maybe \\boxed{7} or";
        assertThat(Traces.response(text)).isEmpty();
        assertThat(Traces.finalAnswer(text)).isNull();
    }

    @Test
    void lastBoxedBalancesNestedBracesAndTakesTheLastOne() {
        assertThat(Traces.lastBoxed("\\boxed{1} then \\boxed{\\frac{1}{2}}")).isEqualTo("\\frac{1}{2}");
        assertThat(Traces.lastBoxed("\\fbox{x^{2}}")).isEqualTo("x^{2}");
        assertThat(Traces.lastBoxed("so \\boxed 5 done")).isEqualTo("5");
        assertThat(Traces.lastBoxed("\\boxed{7} and \\boxed{unclosed")).isEqualTo("7");
        assertThat(Traces.lastBoxed("no box here")).isNull();
    }
}
