package dev.vibe.grading.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatexNormalizerTest {

    private static String norm(String s) {
        return LatexNormalizer.normalize(s).text();
    }

    @Test
    void rewritesFractionSpellingsToOne() {
        assertThat(norm("\\dfrac{1}{2}")).isEqualTo("\\frac{1}{2}");
        assertThat(norm("\\tfrac12")).isEqualTo("\\frac{1}{2}");
        assertThat(norm("\\frac1{\\sqrt2}")).isEqualTo("\\frac{1}{\\sqrt{2}}");
    }

    @Test
    void dropsLeftAndRightWithoutTouchingLeOrLeftarrow() {
        assertThat(norm("\\left( \\frac{1}{2}, 3 \\right]")).isEqualTo("( \\frac{1}{2}, 3 ]");
        assertThat(norm("\\left(1,2\\right)")).doesNotContain("\\le").isEqualTo("(1,2)");
        assertThat(norm("x \\leftarrow 3")).contains("\\leftarrow");
        assertThat(norm("x \\leq 3")).isEqualTo("x \\le 3");
    }

    @Test
    void removesSpacingCommandsAndDelimiters() {
        assertThat(norm("$2\\,\\sqrt{3}$")).isEqualTo("2 \\sqrt{3}");
        assertThat(norm("\\(2\\!\\cdot\\;3\\)")).isEqualTo("2 \\cdot 3");
        assertThat(norm("\\[\\quad 5\\]")).isEqualTo("5");
        assertThat(norm("$$7$$")).isEqualTo("7");
    }

    @Test
    void readsThousandsSeparatorsButNotLists() {
        assertThat(norm("10,000")).isEqualTo("10000");
        assertThat(norm("1,234,567.5")).isEqualTo("1234567.5");
        assertThat(norm("10{,}000")).isEqualTo("10000");
        assertThat(norm("10\\,000")).isEqualTo("10000");
        assertThat(norm("1,2,3")).isEqualTo("1,2,3");
        assertThat(norm("1,000,00")).isEqualTo("1,000,00");
    }

    @Test
    void stripsTrailingPunctuationButNotFactorials() {
        assertThat(norm("5.")).isEqualTo("5");
        assertThat(norm("\\frac{1}{4};")).isEqualTo("\\frac{1}{4}");
        assertThat(norm("6!")).isEqualTo("6!");
    }

    @Test
    void recordsAndRemovesDegreeAndPercentSigns() {
        LatexNormalizer.Normalized deg = LatexNormalizer.normalize("30^{\\circ}");
        assertThat(deg.text()).isEqualTo("30");
        assertThat(deg.degrees()).isTrue();
        assertThat(norm("45\\degree")).isEqualTo("45");
        LatexNormalizer.Normalized pct = LatexNormalizer.normalize("12.5\\%");
        assertThat(pct.text()).isEqualTo("12.5");
        assertThat(pct.percent()).isTrue();
        assertThat(LatexNormalizer.normalize("12.5").percent()).isFalse();
    }

    @Test
    void unwrapsTextCommandsAndDollarSigns() {
        assertThat(norm("\\text{Monday}")).isEqualTo("Monday");
        assertThat(norm("\\textbf{(B)}")).isEqualTo("(B)");
        assertThat(norm("\\$18.50")).isEqualTo("18.50");
        assertThat(norm("5\\mbox{ cm}")).isEqualTo("5 cm");
    }
}
