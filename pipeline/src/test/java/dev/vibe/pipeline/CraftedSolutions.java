package dev.vibe.pipeline;

import dev.vibe.schemas.Solution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Solutions with known grades: math right, wrong, truncated, without answer or reference; code right and wrong. */
final class CraftedSolutions {

    static final String RUN = "r1";
    static final String SUM_TESTS = "[{\"input\": \"2 3\\n\", \"output\": \"5\\n\", \"testtype\": \"stdin\"},"
            + " {\"input\": \"10 -4\\n\", \"output\": \"6\\n\", \"testtype\": \"stdin\"}]";

    /** A sample and the verdict it must get. */
    record Case(Solution solution, String verdict, boolean correct) {
        String key() {
            return solution.getProblemId() + "#" + solution.getSampleIndex();
        }
    }

    private CraftedSolutions() {
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(math("m1", 0, "42", "<think>6 times 7</think>\nSo the answer is $\\boxed{42}$.", "stop"),
                "CORRECT", true));
        c.add(new Case(math("m1", 1, "42", "<think>6 times 7 is 41</think>\n$\\boxed{41}$", "stop"), "WRONG", false));
        c.add(new Case(math("m1", 2, "42", "<think>6 times 7 is \\boxed{42} maybe, let me check again and", "length"),
                "TRUNCATED", false));
        c.add(new Case(math("m1", 3, "42", "<think>hmm</think>\nI could not finish this problem in the time I had.",
                "stop"), "NO_ANSWER", false));
        c.add(new Case(math("m2", 0, "\\frac{1}{2}", "<think>half</think> $\\boxed{0.5}$", "stop"), "CORRECT", true));
        c.add(new Case(math("m3", 0, null, "<think>x</think> $\\boxed{7}$", "stop"), "UNGRADABLE", false));
        Solution failed = math("m2", 1, "\\frac{1}{2}", "", "error");
        failed.setError("out of memory");
        c.add(new Case(failed, "UNGRADABLE", false));
        Solution poem = math("p1", 0, "x", "roses are red", "stop");
        poem.setKind("poetry");
        c.add(new Case(poem, "UNGRADABLE", false));
        c.add(new Case(code("c1", 0, SUM_TESTS,
                "<think>read two ints</think>\n```python\na, b = map(int, input().split())\nprint(a + b)\n```"),
                "AC", true));
        c.add(new Case(code("c1", 1, SUM_TESTS,
                "<think>subtract?</think>\n```python\na, b = map(int, input().split())\nprint(a - b)\n```"),
                "WA", false));
        c.add(new Case(code("c2", 0, "{\"inputs\": [\"1\"], \"outputs\": ",
                "```python\nprint(1)\n```"), "UNGRADABLE", false));
        return c;
    }

    /** A record the intake must dead-letter (negative sample index). */
    static Solution invalid() {
        return math("bad", -1, "1", "\\boxed{1}", "stop");
    }

    static Solution math(String id, int sample, String reference, String completion, String finish) {
        return base(id, sample, "math", completion, finish).setReferenceAnswer(reference).build();
    }

    static Solution code(String id, int sample, String tests, String completion) {
        return base(id, sample, "code", completion, "stop").setTests(tests).build();
    }

    private static Solution.Builder base(String id, int sample, String kind, String completion, String finish) {
        return Solution.newBuilder()
                .setRunId(RUN).setProblemId(id).setSampleIndex(sample).setSeed(sample).setSource("crafted")
                .setKind(kind).setPrompt("problem " + id).setCompletion(completion)
                .setFinishReason(finish).setPromptTokens(3).setCompletionTokens(completion.length())
                .setModel("crafted").setTemperature(1).setTopP(1).setTopK(0).setMaxNewTokens(64)
                .setStartedAt(Instant.ofEpochMilli(1_000)).setFinishedAt(Instant.ofEpochMilli(2_000));
    }
}
