package dev.vibe.grading.code.testdata;

import java.util.List;

/**
 * The tests of one problem.
 *
 * @param cases the tests, in order
 * @param functionName the function functional tests call ({@code Solution().name(...)} or a top-level
 *     {@code name}); null when every test is a stdin test
 */
public record TestSuite(List<TestCase> cases, String functionName) {

    public TestSuite {
        cases = List.copyOf(cases);
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("tests: the suite has no test cases");
        }
        if (functionName != null && !functionName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("tests: function name '" + functionName + "' is not an identifier");
        }
        if (functionName == null && cases.stream().anyMatch(c -> c.kind() == TestCase.Kind.FUNCTIONAL)) {
            throw new IllegalArgumentException(
                    "tests: functional tests need a function name (fn_name, func_name or metadata.func_name)");
        }
    }

    public boolean hasFunctionalTests() {
        return cases.stream().anyMatch(c -> c.kind() == TestCase.Kind.FUNCTIONAL);
    }
}
