package dev.vibe.grading.code.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenComparatorTest {

    @Test
    void ignoresWhitespaceAndLineBreaks() {
        assertThat(TokenComparator.mismatch("1 2\n3\n", "1\n2   3")).isEmpty();
    }

    @Test
    void acceptsDecimalsWithinOneMillionth() {
        assertThat(TokenComparator.mismatch("0.3333333333", "0.333333")).isEmpty();
        assertThat(TokenComparator.mismatch("2", "2.0000001")).isEmpty();
        assertThat(TokenComparator.mismatch("123456789.5", "123456789.6")).isEmpty();
    }

    @Test
    void rejectsDecimalsOutsideTolerance() {
        assertThat(TokenComparator.mismatch("0.5", "0.501")).isPresent();
        assertThat(TokenComparator.mismatch("1e-3", "2e-3")).isPresent();
    }

    @Test
    void comparesIntegersExactlyEvenWhenHuge() {
        assertThat(TokenComparator.mismatch("1000000001", "1000000000")).get().asString()
                .contains("expected '1000000001'");
        assertThat(TokenComparator.mismatch("123456789012345678901234567890", "123456789012345678901234567890"))
                .isEmpty();
        assertThat(TokenComparator.mismatch("007", "7")).isEmpty();
    }

    @Test
    void noOutputIsWrongUnlessNothingIsExpected() {
        assertThat(TokenComparator.mismatch("42", "")).get().asString().contains("no output");
        assertThat(TokenComparator.mismatch("\n", "  ")).isEmpty();
    }

    @Test
    void textIsCaseSensitiveAndTokenCountMatters() {
        assertThat(TokenComparator.mismatch("YES", "yes")).isPresent();
        assertThat(TokenComparator.mismatch("1 2", "1 2 3")).get().asString().contains("expected 2 tokens, got 3");
        assertThat(TokenComparator.mismatch("2 1", "1 2")).isPresent();
    }

    @Test
    void doesNotTreatNanOrInfinityAsNumbers() {
        assertThat(TokenComparator.mismatch("nan", "0")).isPresent();
        assertThat(TokenComparator.mismatch("1", "inf")).isPresent();
    }
}
