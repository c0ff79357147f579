package dev.vibe.operators.grade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vibe.grading.code.CodeJudge;
import dev.vibe.grading.code.JudgeResult;
import dev.vibe.grading.code.Language;
import dev.vibe.grading.code.TestResult;
import dev.vibe.grading.code.Verdict;
import dev.vibe.grading.code.extract.CodeExtractor;
import dev.vibe.grading.code.testdata.TestSuite;
import dev.vibe.grading.code.testdata.TestSuites;
import dev.vibe.grading.math.MathGrader;
import dev.vibe.grading.math.MathVerdict;
import dev.vibe.schemas.Grade;
import dev.vibe.schemas.Solution;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Grades one {@link Solution} into a {@link Grade} (no Flink): math with {@link MathGrader} (reference answer vs the
 * completion), code with {@link CodeJudge} (the last code block of the completion vs the Solution's tests). Never
 * throws for what a sample holds: whatever cannot be graded becomes {@link GradeVerdict#UNGRADABLE} with the reason,
 * and a failing judge {@link GradeVerdict#SANDBOX_ERROR}. Thread-safe when its graders are.
 */
public final class SolutionGrader {

    /** Language of an untagged code block: the prompts of LiveCodeBench and APPS ask for Python. */
    public static final Language UNTAGGED_CODE = Language.PYTHON;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 500;

    private final MathGrader math;
    private final Supplier<CodeJudge> judge;
    private final String graderVersion;

    /**
     * @param judge gives the code judge on first use (building it fails where there is no sandbox; math is graded
     *     all the same); it may throw, which grades the sample SANDBOX_ERROR
     */
    public SolutionGrader(MathGrader math, Supplier<CodeJudge> judge, String graderVersion) {
        this.math = Objects.requireNonNull(math, "math");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.graderVersion = Objects.requireNonNull(graderVersion, "graderVersion");
    }

    /** The grade of {@code s}; interrupted only when the job stops. */
    public Grade grade(Solution s) throws InterruptedException {
        long start = System.nanoTime();
        Grade.Builder g = base(s, graderVersion);
        String kind = s.getKind() == null ? "" : s.getKind().strip().toLowerCase(Locale.ROOT);
        if ("error".equals(s.getFinishReason())) {
            verdict(g, GradeVerdict.UNGRADABLE, "generation failed: " + s.getError());
        } else if ("math".equals(kind)) {
            gradeMath(s, g);
        } else if ("code".equals(kind)) {
            gradeCode(s, g);
        } else {
            verdict(g, GradeVerdict.UNGRADABLE, "unknown kind '" + s.getKind() + "' (expected math or code)");
        }
        return g.setGradingMillis((System.nanoTime() - start) / 1_000_000).setGradedAt(Instant.now()).build();
    }

    /** The grade of a sample the operator gave up on after {@code millis} (its safety-net timeout). */
    public static Grade timedOut(Solution s, String graderVersion, long millis) {
        boolean code = "code".equalsIgnoreCase(String.valueOf(s.getKind()).strip());
        Grade.Builder g = base(s, graderVersion);
        verdict(g, code ? GradeVerdict.SANDBOX_ERROR : GradeVerdict.TIMEOUT,
                "not graded within " + millis + " ms (the operator's timeout)");
        return g.setGradingMillis(millis).setGradedAt(Instant.now()).build();
    }

    private void gradeMath(Solution s, Grade.Builder g) {
        String reference = s.getReferenceAnswer();
        if (reference == null || reference.isBlank()) {
            verdict(g, GradeVerdict.UNGRADABLE, MathVerdict.NO_REFERENCE);
            return;
        }
        MathVerdict v;
        try {
            v = math.grade(reference, s.getCompletion(), s.getFinishReason());
        } catch (RuntimeException e) {
            verdict(g, GradeVerdict.UNGRADABLE, "math grader failed: " + e);
            return;
        }
        GradeVerdict verdict;
        if (v.equal()) {
            verdict = GradeVerdict.CORRECT;
        } else {
            verdict = switch (v.reason()) {
                case MathVerdict.TRUNCATED -> GradeVerdict.TRUNCATED;
                case MathVerdict.NO_ANSWER -> GradeVerdict.NO_ANSWER;
                case MathVerdict.TIMEOUT -> GradeVerdict.TIMEOUT;
                case MathVerdict.NO_REFERENCE -> GradeVerdict.UNGRADABLE; // the reference holds no readable answer
                default -> GradeVerdict.WRONG;
            };
        }
        verdict(g, verdict, v.reason());
        g.setExtractedAnswer(v.predAnswer());
        // a cut-off answer does not vote in maj@k
        g.setAnswerKey(verdict == GradeVerdict.TRUNCATED ? null : v.predNormalized());
    }

    private void gradeCode(Solution s, Grade.Builder g) throws InterruptedException {
        if ("length".equals(s.getFinishReason())) {
            verdict(g, GradeVerdict.TRUNCATED, MathVerdict.TRUNCATED);
            return;
        }
        if (s.getTests() == null || s.getTests().isBlank()) {
            verdict(g, GradeVerdict.UNGRADABLE, "no tests");
            return;
        }
        TestSuite suite;
        try {
            suite = TestSuites.parse(s.getTests(), functionName(s.getMetadata()));
        } catch (IllegalArgumentException e) {
            verdict(g, GradeVerdict.UNGRADABLE, "malformed tests: " + e.getMessage());
            return;
        }
        Optional<CodeExtractor.ExtractedCode> code = CodeExtractor.extract(s.getCompletion(), UNTAGGED_CODE);
        if (code.isEmpty()) {
            verdict(g, GradeVerdict.CE, "no python, cpp or java code block in the response");
            return;
        }
        g.setExtractedAnswer(code.get().language().name().toLowerCase(Locale.ROOT));
        if (suite.hasFunctionalTests() && code.get().language() != Language.PYTHON) {
            verdict(g, GradeVerdict.UNGRADABLE, "functional tests are judged for Python only, the response is in "
                    + code.get().language());
            return;
        }
        CodeJudge j;
        try {
            j = judge.get();
        } catch (RuntimeException e) {
            verdict(g, GradeVerdict.SANDBOX_ERROR, "no sandbox: " + e.getMessage());
            return;
        }
        JudgeResult r = j.judge(code.get().code(), code.get().language(), suite);
        verdict(g, GradeVerdict.valueOf(r.verdict().name()), r.reason());
        if (!r.tests().isEmpty() || r.verdict() != Verdict.SANDBOX_ERROR) {
            g.setTestsRun(r.tests().size())
                    .setTestsPassed((int) r.tests().stream().filter(t -> t.verdict() == Verdict.AC).count())
                    .setTestResults(testResults(r));
        }
    }

    /** LiveCodeBench keeps the function name in the problem's metadata ({@code func_name}). */
    static String functionName(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return null;
        }
        try {
            JsonNode m = JSON.readTree(metadata);
            for (String key : new String[] {"func_name", "fn_name"}) {
                JsonNode v = m == null ? null : m.get(key);
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    return v.asText().strip();
                }
            }
        } catch (java.io.IOException e) {
            return null; // metadata is free-form: no function name in it
        }
        return null;
    }

    private static String testResults(JudgeResult r) {
        ArrayNode list = JSON.createArrayNode();
        for (TestResult t : r.tests()) {
            list.addObject().put("index", t.index()).put("verdict", t.verdict().name()).put("time_ms", t.timeMillis())
                    .put("reason", t.reason());
        }
        return list.toString();
    }

    private static Grade.Builder base(Solution s, String graderVersion) {
        boolean math = "math".equalsIgnoreCase(String.valueOf(s.getKind()).strip());
        return Grade.newBuilder()
                .setRunId(s.getRunId()).setProblemId(s.getProblemId()).setSampleIndex(s.getSampleIndex())
                .setKind(s.getKind() == null ? "" : s.getKind()).setSource(s.getSource())
                .setReferenceAnswer(math ? s.getReferenceAnswer() : null)
                .setFinishReason(s.getFinishReason()).setGraderVersion(graderVersion);
    }

    private static void verdict(Grade.Builder g, GradeVerdict verdict, String reason) {
        String r = reason == null ? "" : reason.replaceAll("\\s*\\R\\s*", " ").strip();
        g.setVerdict(verdict.name()).setCorrect(verdict.correct()).setCounted(verdict.counted())
                .setReason(r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON - 3) + "...");
    }
}
