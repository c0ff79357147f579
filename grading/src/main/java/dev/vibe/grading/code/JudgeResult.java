package dev.vibe.grading.code;

import java.util.List;

/**
 * The outcome of judging one program.
 *
 * @param verdict AC when every test passed; else the first failing test's verdict (CE before any test ran,
 *     SANDBOX_ERROR when the judge failed)
 * @param tests the tests run, in order; the judge stops at the first failure unless told otherwise
 * @param reason why the verdict, for a person
 */
public record JudgeResult(Verdict verdict, List<TestResult> tests, String reason) {

    public JudgeResult {
        tests = List.copyOf(tests);
    }

    static JudgeResult of(Verdict verdict, String reason) {
        return new JudgeResult(verdict, List.of(), reason);
    }

    public boolean accepted() {
        return verdict == Verdict.AC;
    }
}
