package dev.vibe.grading.math;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.grading.math.AnswerExtractor.Extraction;
import dev.vibe.grading.math.AnswerExtractor.Source;
import org.junit.jupiter.api.Test;

class AnswerExtractorTest {

    @Test
    void takesTheLastBoxedAnswerWithNestedBraces() {
        Extraction e = AnswerExtractor.extract("First \\boxed{1}. Then $\\boxed{\\frac{1}{\\sqrt{2}}}$.");
        assertThat(e.text()).isEqualTo("\\frac{1}{\\sqrt{2}}");
        assertThat(e.source()).isEqualTo(Source.BOXED);
    }

    @Test
    void readsFboxAndBoxedWithoutBraces() {
        assertThat(AnswerExtractor.extract("so \\fbox{12} is it").text()).isEqualTo("12");
        assertThat(AnswerExtractor.extract("we get \\boxed 5$ done").text()).isEqualTo("5");
    }

    @Test
    void onlyTheResponseAfterTheLastThinkEndCounts() {
        String trace = "<think>maybe \\boxed{4}</think>The answer is \\boxed{5}.";
        assertThat(AnswerExtractor.extract(trace).text()).isEqualTo("5");
    }

    @Test
    void aTraceThatNeverClosesItsThinkingHasNoAnswer() {
        assertThat(AnswerExtractor.extract("<think>it is \\boxed{5} surely").found()).isFalse();
    }

    @Test
    void fallsBackToFinalAnswerPhrasesWhenNothingIsBoxed() {
        assertThat(AnswerExtractor.extract("Long work.\nThe final answer is $\\frac{3}{4}$. Done.").text())
                .isEqualTo("$\\frac{3}{4}$");
        assertThat(AnswerExtractor.extract("Answer: 2.5").text()).isEqualTo("2.5");
        assertThat(AnswerExtractor.extract("So the answer is 3.14.").text()).isEqualTo("3.14");
        assertThat(AnswerExtractor.extract("Answer: 7").source()).isEqualTo(Source.PHRASE);
    }

    @Test
    void aShortAnswerIsItsOwnAnswerButProseIsNot() {
        assertThat(AnswerExtractor.extract("$x = 3$").text()).isEqualTo("$x = 3$");
        assertThat(AnswerExtractor.extract("\\text{Evelyn}").source()).isEqualTo(Source.BARE);
        assertThat(AnswerExtractor.extract("I think it could be forty two but I did not finish the computation")
                .found()).isFalse();
    }

    @Test
    void emptyOrUnclosedBoxesAreNoAnswer() {
        assertThat(AnswerExtractor.extract("\\boxed{}").found()).isFalse();
        assertThat(AnswerExtractor.extract("").found()).isFalse();
        assertThat(AnswerExtractor.extract(null).found()).isFalse();
        // an unclosed box is skipped for an earlier well-formed one
        assertThat(AnswerExtractor.extract("\\boxed{3} and then \\boxed{4").text()).isEqualTo("3");
    }
}
