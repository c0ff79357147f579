package dev.vibe.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GradeAnswerCommandTest {

    @Test
    void exitsZeroAndPrintsTheReasonWhenEqual() {
        CliCapture r = CliCapture.run("", "grade-answer", "--gold", "\\frac{1}{2}", "--pred", "The answer is $\\boxed{0.5}$.");
        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).isEqualTo("equal: numbers equal");
    }

    @Test
    void exitsOneWhenNotEqual() {
        CliCapture r = CliCapture.run("", "grade-answer", "--gold", "[1,2]", "--pred", "[1,2)");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out().strip()).isEqualTo("not equal: interval ends differ");
    }

    @Test
    void truncatedResponseIsNotEqual() {
        CliCapture r = CliCapture.run("", "grade-answer", "--gold", "5", "--pred", "\\boxed{5}", "--finish-reason", "length");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("truncated");
    }

    @Test
    void exitsTwoOnUsageErrors() {
        CliCapture r = CliCapture.run("", "grade-answer", "--gold", "5");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--pred");
        assertThat(CliCapture.run("", "grade-answer", "--gold", "5", "--pred", "5", "--timeout", "soon").status())
                .isEqualTo(2);
    }

    @Test
    void verboseShowsTheExtractedAndNormalisedAnswers() {
        CliCapture r = CliCapture.run("", "grade-answer", "--gold", "$\\dfrac{1}{2}$", "--pred", "1/2", "--verbose");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("gold: $\\dfrac{1}{2}$  ->  \\frac{1}{2}");
    }
}
