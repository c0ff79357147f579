package dev.vibe.grading.math;

import java.util.List;

/** A normalised answer read into the kind of mathematical object it denotes; compared by kind. */
sealed interface Answer {

    /** Short name of the kind, for reasons such as "different kinds: set vs number". */
    String kind();

    /**
     * One value: a number spelled out ({@code exact} set), infinity ({@code infinity} = ±1), or an expression
     * left to the symbolic engine ({@code latex}).
     */
    record Scalar(String latex, ExactNumber exact, int infinity, boolean percent) implements Answer {
        @Override
        public String kind() {
            return exact != null ? "number" : infinity != 0 ? "infinity" : "expression";
        }
    }

    /**
     * Items between brackets: a tuple {@code (1,2)} or an interval {@code [1,2)}. Which one is never guessed:
     * both compare their items in order and their brackets exactly, which is what both need.
     */
    record Bracketed(char open, char close, List<Answer> items) implements Answer {
        @Override
        public String kind() {
            return items.size() == 2 && (open == '[' || close == ']') ? "interval" : "tuple";
        }
    }

    /** A union of intervals, compared as a set of intervals. */
    record Union(List<Bracketed> parts) implements Answer {
        @Override
        public String kind() {
            return "union";
        }
    }

    /**
     * A set {@code \{1,2\}} or a bare list {@code 1, 2} ({@code bare}): both are unordered (a bare list is the
     * MATH convention for "list all solutions").
     */
    record SetOf(List<Answer> items, boolean bare) implements Answer {
        @Override
        public String kind() {
            return bare ? "list" : "set";
        }
    }

    /** An equation or inequality, possibly chained: {@code sides.size() == ops.size() + 1}. */
    record Relation(List<String> sides, List<String> ops) implements Answer {
        @Override
        public String kind() {
            return ops.stream().allMatch("="::equals) ? "equation" : "inequality";
        }
    }

    /** A matrix or vector written with {@code \begin{pmatrix}} and friends. */
    record Matrix(List<List<Answer>> rows) implements Answer {
        @Override
        public String kind() {
            return "matrix";
        }
    }

    /** Words: compared case- and space-insensitively. */
    record Text(String text) implements Answer {
        @Override
        public String kind() {
            return "text";
        }
    }
}
