package dev.vibe.operators.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.grading.code.CodeJudge;
import dev.vibe.grading.math.MathGrader;
import dev.vibe.schemas.Grade;
import dev.vibe.schemas.Solution;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verdicts of the per-sample grader with the real math grader; code paths that never reach a sandbox. */
class SolutionGraderTest {

    private static final Supplier<CodeJudge> NO_SANDBOX = () -> {
        throw new IllegalStateException("bwrap not found");
    };

    private static MathGrader math;
    private static SolutionGrader grader;

    @BeforeAll
    static void start() {
        math = MathGrader.builder().optTimeout(Duration.ofSeconds(10)).optWorkers(1).build();
        grader = new SolutionGrader(math, NO_SANDBOX, "vibe-grading test+0");
    }

    @AfterAll
    static void stop() {
        math.close();
    }

    @Test
    void gradesMathFromTheCompletionAgainstTheReference() throws Exception {
        Grade right = grader.grade(math("\\frac{1}{2}", "<think>half</think> so $\\boxed{0.5}$", "stop"));
        assertThat(right.getVerdict()).isEqualTo("CORRECT");
        assertThat(right.getCorrect()).isTrue();
        assertThat(right.getCounted()).isTrue();
        assertThat(right.getExtractedAnswer()).isEqualTo("0.5");
        assertThat(right.getReferenceAnswer()).isEqualTo("\\frac{1}{2}");
        assertThat(right.getGraderVersion()).isEqualTo("vibe-grading test+0");

        Grade wrong = grader.grade(math("42", "<think>hm</think> $\\boxed{41}$", "stop"));
        assertThat(wrong.getVerdict()).isEqualTo("WRONG");
        assertThat(wrong.getCorrect()).isFalse();
        assertThat(wrong.getAnswerKey()).isNotNull();
    }

    @Test
    void neverGradesATruncatedTraceCorrectEvenWithTheRightAnswerBoxed() throws Exception {
        Grade g = grader.grade(math("42", "<think>a</think> $\\boxed{42}$ and then it went on", "length"));
        assertThat(g.getVerdict()).isEqualTo("TRUNCATED");
        assertThat(g.getReason()).isEqualTo("truncated");
        assertThat(g.getCorrect()).isFalse();
        assertThat(g.getCounted()).isTrue();
        assertThat(g.getAnswerKey()).as("a cut-off answer does not vote").isNull();
    }

    @Test
    void saysWhySampleIsUngradableAndLeavesItOutOfTheScores() throws Exception {
        Grade noReference = grader.grade(math(null, "$\\boxed{1}$", "stop"));
        assertThat(noReference.getVerdict()).isEqualTo("UNGRADABLE");
        assertThat(noReference.getReason()).isEqualTo("no reference answer");
        assertThat(noReference.getCounted()).isFalse();

        Solution error = math("1", "", "error");
        error.setError("engine crashed");
        assertThat(grader.grade(error).getReason()).isEqualTo("generation failed: engine crashed");

        Solution other = math("1", "1", "stop");
        other.setKind("chemistry");
        assertThat(grader.grade(other).getReason()).isEqualTo("unknown kind 'chemistry' (expected math or code)");

        Grade badTests = grader.grade(code("[{\"input\": \"1\"}]", "```python\nprint(1)\n```", "stop"));
        assertThat(badTests.getVerdict()).isEqualTo("UNGRADABLE");
        assertThat(badTests.getReason()).startsWith("malformed tests: tests[0]: expected an object with input and output");

        assertThat(grader.grade(code(null, "```python\nprint(1)\n```", "stop")).getReason()).isEqualTo("no tests");
    }

    @Test
    void truncatedCodeIsNotRunAndAMissingSandboxIsASandboxErrorNotAFailure() throws Exception {
        String tests = "[{\"input\": \"\", \"output\": \"1\", \"testtype\": \"stdin\"}]";
        Grade cut = grader.grade(code(tests, "```python\nprint(1)\n```", "length"));
        assertThat(cut.getVerdict()).isEqualTo("TRUNCATED"); // NO_SANDBOX would have made it SANDBOX_ERROR

        Grade noBlock = grader.grade(code(tests, "I would print one.", "stop"));
        assertThat(noBlock.getVerdict()).isEqualTo("CE");
        assertThat(noBlock.getCounted()).isTrue();

        Grade noSandbox = grader.grade(code(tests, "```python\nprint(1)\n```", "stop"));
        assertThat(noSandbox.getVerdict()).isEqualTo("SANDBOX_ERROR");
        assertThat(noSandbox.getReason()).isEqualTo("no sandbox: bwrap not found");
        assertThat(noSandbox.getCounted()).isFalse();
        assertThat(noSandbox.getExtractedAnswer()).isEqualTo("python");
    }

    @Test
    void readsTheFunctionNameOfFunctionalTestsFromTheMetadata() {
        assertThat(SolutionGrader.functionName("{\"func_name\": \"maxProfit\"}")).isEqualTo("maxProfit");
        assertThat(SolutionGrader.functionName("not json")).isNull();
        assertThat(SolutionGrader.functionName(null)).isNull();
    }

    static Solution math(String reference, String completion, String finish) {
        return base("m", "math", completion, finish).setReferenceAnswer(reference).build();
    }

    static Solution code(String tests, String completion, String finish) {
        return base("c", "code", completion, finish).setTests(tests).build();
    }

    static Solution.Builder base(String id, String kind, String completion, String finish) {
        return Solution.newBuilder().setRunId("r").setProblemId(id).setSampleIndex(0).setSeed(0).setSource("t")
                .setKind(kind).setPrompt("p").setCompletion(completion).setFinishReason(finish).setPromptTokens(1)
                .setCompletionTokens(1).setModel("m").setTemperature(0).setTopP(1).setTopK(0).setMaxNewTokens(8)
                .setStartedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH);
    }
}
