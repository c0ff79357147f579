package dev.vibe.grading.code.testdata;

import java.util.Objects;

/**
 * One test.
 *
 * @param kind how the program is fed and checked
 * @param input stdin for {@link Kind#STDIN}; the call's arguments as newline-separated JSON values for
 *     {@link Kind#FUNCTIONAL} (LiveCodeBench's form)
 * @param expected expected stdout, or the expected return value as JSON
 * @param acceptUnwrapped APPS call-based tests store the expected value wrapped in a one-element list: accept
 *     the element itself as well
 */
public record TestCase(Kind kind, String input, String expected, boolean acceptUnwrapped) {

    /** How a test feeds the program. */
    public enum Kind {
        /** Input on stdin, output on stdout, compared token by token. */
        STDIN,
        /** A function called with JSON arguments, its return value compared as JSON. */
        FUNCTIONAL
    }

    public TestCase {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(expected, "expected");
    }

    public static TestCase stdin(String input, String expected) {
        return new TestCase(Kind.STDIN, input, expected, false);
    }

    public static TestCase functional(String argumentLines, String expectedJson) {
        return new TestCase(Kind.FUNCTIONAL, argumentLines, expectedJson, false);
    }
}
