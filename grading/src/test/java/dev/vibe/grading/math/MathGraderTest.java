package dev.vibe.grading.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MathGraderTest {

    private static MathGrader grader;

    @BeforeAll
    static void start() {
        grader = MathGrader.builder().optTimeout(Duration.ofSeconds(10)).optWorkers(2).build();
    }

    @AfterAll
    static void stop() {
        grader.close();
    }

    private static MathVerdict equal(String gold, String pred) {
        MathVerdict v = grader.grade(gold, pred);
        assertThat(v.equal()).as("%s vs %s: %s", gold, pred, v.reason()).isTrue();
        return v;
    }

    private static MathVerdict unequal(String gold, String pred) {
        MathVerdict v = grader.grade(gold, pred);
        assertThat(v.equal()).as("%s vs %s: %s", gold, pred, v.reason()).isFalse();
        return v;
    }

    @Test
    void comparesIntegersAndFractionsExactly() {
        assertThat(equal("10000", "+10000").reason()).isEqualTo("integers equal");
        equal("10000", "10,000");
        unequal("10000", "10001");
        equal("\\frac{1}{2}", "\\frac{2}{4}");
        assertThat(unequal("\\frac{1}{2004!}", "\\frac{1}{2006!}").reason()).isEqualTo("exact values differ");
        equal("120", "5!");
        equal("10", "\\binom{5}{3}");
    }

    @Test
    void decimalsMatchExactValuesByTheDocumentedRoundingRule() {
        equal("\\frac{1}{3}", "0.333");
        unequal("\\frac{1}{3}", "0.33");
        unequal("\\frac{2}{3}", "0.666");
        equal("\\sqrt{2}", "1.4142");
        equal("0.5", "\\frac{1}{2}");
        unequal("3.14", "3.15");
        unequal("4.5", "4.4999");
    }

    @Test
    void percentSignIsDroppedWithoutAnyOtherLeniency() {
        equal("50\\%", "50");
        assertThat(equal("25\\%", "0.25").reason()).startsWith("percent");
        unequal("28", "0.28");
        unequal("0.28", "28");
        unequal("1", "100");
        unequal("100", "1");
    }

    @Test
    void comparesRadicalsPiAndTranscendentalsSymbolically() {
        assertThat(equal("2\\sqrt{2}", "\\sqrt{8}").reason()).startsWith("symbolic");
        equal("\\frac{\\sqrt{2}}{2}", "\\frac{1}{\\sqrt{2}}");
        unequal("1-\\frac{1}{e}", "1+\\frac{1}{e}");
        equal("\\ln 8", "3\\ln 2");
        equal("\\sin 2x", "2\\sin x \\cos x");
        equal("x^2-1", "(x-1)(x+1)");
        unequal("x^2-1", "(x-1)^2");
        unequal("\\sqrt{10^{80}+7}", "\\sqrt{10^{80}+9}");
        unequal("(1+\\sqrt{2})^{3000}", "(1+\\sqrt{3})^{3000}");
    }

    @Test
    void intervalsCompareTheirEnds() {
        equal("[1,2]", "[1, 2]");
        assertThat(unequal("[1,2]", "[1,2)").reason()).isEqualTo("interval ends differ");
        unequal("\\left(1,2\\right]", "\\left[1,2\\right]");
        equal("(-\\infty,-1)\\cup(1,\\infty)", "(1,\\infty)\\cup(-\\infty,-1)");
        equal("(-\\infty, 3]", "x \\le 3");
        unequal("(-\\infty, 3]", "x < 3");
    }

    @Test
    void setsAreUnorderedAndTuplesOrdered() {
        equal("\\{1,2\\}", "\\{2,1\\}");
        unequal("\\{1,2\\}", "\\{1,2,3\\}");
        equal("(1,2)", "(1,2)");
        unequal("(1,2)", "(2,1)");
    }

    @Test
    void bareListsAreSetsOfAnswersButOrderedAgainstATuple() {
        equal("1,2,3", "3,1,2");
        equal("\\{1,2\\}", "2, 1");
        equal("(1,2)", "1, 2");
        unequal("(1,2)", "2, 1");
        unequal("123", "1,2,3");
        equal("1 \\pm \\sqrt{2}", "1-\\sqrt{2}, 1+\\sqrt{2}");
    }

    @Test
    void equationsAreEqualUpToANonzeroFactor() {
        equal("x = 3", "3");
        equal("3", "x=3");
        equal("2x+2y=2", "x+y=1");
        equal("3x-y+13=0", "y=3x+13");
        assertThat(unequal("3x-y+13=0", "3x+4y+14=0").reason()).isEqualTo("relations differ");
        unequal("x=1", "y=1");
        equal("2x+1>5", "x>2");
        assertThat(unequal("x+y<1", "y>1-x").reason()).isEqualTo("inequality reversed");
    }

    @Test
    void matricesCompareCellByCell() {
        equal("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}");
        unequal("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}");
        equal("\\begin{pmatrix} \\frac12 \\\\ 2 \\end{pmatrix}", "(0.5, 2)");
    }

    @Test
    void readsMultipleChoiceLettersAndTextAnswers() {
        equal("B", "(B)");
        equal("\\text{(B)}", "B");
        unequal("B", "C");
        equal("\\text{North Carolina}", "north carolina");
        unequal("\\text{odd}", "even");
    }

    @Test
    void ignoresUnitsAndDegreeSigns() {
        equal("5", "5\\text{ cm}");
        equal("12", "12 \\text{ square units}");
        unequal("12", "13 \\text{ square units}");
        equal("30", "30^\\circ");
    }

    @Test
    void findsAnswersInWorkedSolutionsAndResponses() {
        MathVerdict v = equal("We find $x=2$, so the area is $\\boxed{\\frac{9}{2}}$.",
                "<think>is it \\boxed{4}?</think>The area is $\\boxed{4.5}$.");
        assertThat(v.goldAnswer()).isEqualTo("\\frac{9}{2}");
        assertThat(v.predAnswer()).isEqualTo("4.5");
        assertThat(v.goldNormalized()).isEqualTo("\\frac{9}{2}");
    }

    @Test
    void truncatedResponsesAreNeverCorrect() {
        MathVerdict v = grader.grade("5", "...\\boxed{5}", "length");
        assertThat(v.equal()).isFalse();
        assertThat(v.reason()).isEqualTo(MathVerdict.TRUNCATED);
        assertThat(grader.grade("5", "...\\boxed{5}", "stop").equal()).isTrue();
        assertThat(grader.grade("5", "...\\boxed{5}", true).reason()).isEqualTo("truncated");
    }

    @Test
    void missingAnswersAreReportedAsSuch() {
        assertThat(unequal("5", "I could not finish this problem in the time that I had available").reason())
                .isEqualTo(MathVerdict.NO_ANSWER);
        assertThat(unequal("", "5").reason()).isEqualTo(MathVerdict.NO_REFERENCE);
    }

    @Test
    void aFailedParseNeverFallsBackToANumberInTheString() {
        assertThat(unequal("7", "\\foo{7}").reason()).startsWith("unparseable");
        assertThat(unequal("5", "\\frac{5").reason()).startsWith("unparseable");
        unequal("5", "5 + ");
        unequal("100", "\\text{about 100 or so}");
    }

    @Test
    void neverTurnsLeftParenthesisIntoLessOrEqual() {
        MathVerdict v = equal("\\left( \\frac{1}{2}, 3 \\right)", "(0.5, 3)");
        assertThat(v.goldNormalized()).doesNotContain("\\le");
        unequal("\\left( \\frac{1}{2}, 3 \\right)", "\\le(\\frac{1}{2}, 3)");
    }

    @Test
    void readsOtherNotationsForTheSameAnswer() {
        equal("\\frac{1}{3}", "0.\\overline{3}");
        unequal("\\frac{1}{3}", "0.\\overline{4}");
        equal("(0, \\infty)", "\\{x \\mid x > 0\\}");
        equal("[1, 2]", "x \\in [1, 2]");
        equal("\\{5\\}", "5");
        equal("\\emptyset", "\\{\\}");
        equal("(-\\infty, \\infty)", "\\mathbb{R}");
        equal("\\frac{1}{6}", "\\frac{1}{6} \\approx 0.167");
        equal("\\frac{\\sqrt{3}}{2}", "\\sin 60^\\circ");
        equal("1024", "2^10");
    }

    @Test
    void oddHugeInputsGetAVerdictNotAnException() {
        String deep = "\\boxed{" + "\\text{".repeat(5_000) + "5" + "}".repeat(5_000) + "}";
        assertThat(grader.grade("5", deep).equal()).isTrue(); // \\text{\\text{…5…}} is 5
        String braces = "{".repeat(100_000) + "}".repeat(100_000);
        assertThat(grader.grade("5", braces).equal()).isFalse();
        String longResponse = "<think>" + "wait, ".repeat(50_000) + "</think> so \\boxed{5}";
        assertThat(grader.grade("5", longResponse).equal()).isTrue();
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> MathGrader.builder().optTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> MathGrader.builder().optWorkers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
    }
}
