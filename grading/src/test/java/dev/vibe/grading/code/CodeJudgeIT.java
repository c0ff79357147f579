package dev.vibe.grading.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.grading.code.testdata.TestCase;
import dev.vibe.grading.code.testdata.TestSuite;
import dev.vibe.grading.code.testdata.TestSuites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ordinary programs through real sandboxes: each language, each ordinary verdict, each test format. */
class CodeJudgeIT extends JudgeIntegrationTest {

    private static final TestSuite SUM = new TestSuite(List.of(
            TestCase.stdin("1 2\n", "3\n"), TestCase.stdin("40 2\n", "42\n"),
            TestCase.stdin("2000000000 2000000000\n", "4000000000\n")), null);

    @Test
    void acceptsCorrectPython() throws Exception {
        JudgeResult r = judge.judge("a, b = map(int, input().split())\nprint(a + b)\n", Language.PYTHON, SUM);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
        assertThat(r.tests()).hasSize(3).allSatisfy(t -> assertThat(t.verdict()).isEqualTo(Verdict.AC));
    }

    @Test
    void acceptsCorrectCpp() throws Exception {
        String code = "#include <bits/stdc++.h>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}\n";
        JudgeResult r = judge.judge(code, Language.CPP, SUM);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
    }

    @Test
    void acceptsCorrectJavaWhateverItsClassIsCalled() throws Exception {
        String code = "import java.util.*;\npublic class Sum { public static void main(String[] x) {"
                + " Scanner s = new Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }\n";
        JudgeResult r = judge.judge(code, Language.JAVA, SUM);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
    }

    @Test
    void wrongAnswerNamesTheTestAndTheDifference() throws Exception {
        // int32 overflow only shows on the third test
        String code = "#include <cstdio>\nint main(){int a,b;scanf(\"%d %d\",&a,&b);printf(\"%d\\n\",a+b);}\n";
        JudgeResult r = judge.judge(code, Language.CPP, SUM);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.WA);
        assertThat(r.tests()).extracting(TestResult::verdict).containsExactly(Verdict.AC, Verdict.AC, Verdict.WA);
        assertThat(r.reason()).startsWith("test 2:").contains("4000000000");
    }

    @Test
    void compileErrorsAreCeForEachLanguage() throws Exception {
        JudgeResult cpp = judge.judge("int main( { return 0; }", Language.CPP, SUM);
        assertThat(cpp.verdict()).isEqualTo(Verdict.CE);
        assertThat(cpp.reason()).contains("error");
        assertThat(cpp.tests()).isEmpty();
        JudgeResult py = judge.judge("def f(:\n  pass\n", Language.PYTHON, SUM);
        assertThat(py.verdict()).isEqualTo(Verdict.CE);
        assertThat(py.reason()).contains("SyntaxError");
        JudgeResult java = judge.judge("public class Main { void f() { int x = \"s\"; } }", Language.JAVA, SUM);
        assertThat(java.verdict()).isEqualTo(Verdict.CE);
        assertThat(java.reason()).contains("incompatible types");
    }

    @Test
    void runtimeErrorsAreRe() throws Exception {
        JudgeResult py = judge.judge("raise ValueError('boom')\n", Language.PYTHON, SUM);
        assertThat(py.verdict()).isEqualTo(Verdict.RE);
        assertThat(py.tests().get(0).stderr()).contains("ValueError: boom");
        assertThat(py.reason()).contains("exit code 1");
        JudgeResult segv = judge.judge("int main(){ volatile int *p = nullptr; *p = 1; return 0; }",
                Language.CPP, SUM);
        assertThat(segv.verdict()).isEqualTo(Verdict.RE);
        assertThat(segv.reason()).contains("signal 11");
    }

    @Test
    void acceptsFloatsWithinTolerance() throws Exception {
        JudgeResult r = judge.judge("print(f'{1/3:.7f} {2**0.5:.9f}')\n", Language.PYTHON,
                stdin("", "0.333333333333 1.41421356237\n"));
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
        JudgeResult off = judge.judge("print('0.3334 1.4142')\n", Language.PYTHON,
                stdin("", "0.333333333333 1.41421356237\n"));
        assertThat(off.verdict()).isEqualTo(Verdict.WA);
    }

    @Test
    void judgesLiveCodeBenchFunctionalTests() throws Exception {
        String tests = "{\"tests\": [{\"input\": \"[2,7,11,15]\\n9\", \"output\": \"[0, 1]\", \"testtype\": \"functional\"},"
                + "{\"input\": \"[3,2,4]\\n6\", \"output\": \"[1, 2]\", \"testtype\": \"functional\"}],"
                + "\"metadata\": {\"func_name\": \"twoSum\"}}";
        TestSuite suite = TestSuites.parse(tests);
        String good = "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n"
                + "        print('debug output goes to stderr')\n"
                + "        seen = {}\n        for i, x in enumerate(nums):\n"
                + "            if target - x in seen:\n                return (seen[target - x], i)\n"
                + "            seen[x] = i\n";
        JudgeResult r = judge.judge(good, Language.PYTHON, suite);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
        JudgeResult wrong = judge.judge("class Solution:\n    def twoSum(self, nums, target):\n        return [1, 0]\n",
                Language.PYTHON, suite);
        assertThat(wrong.verdict()).isEqualTo(Verdict.WA);
        JudgeResult missing = judge.judge("class Solution:\n    def other(self, nums, target):\n        return [0, 1]\n",
                Language.PYTHON, suite);
        assertThat(missing.verdict()).isEqualTo(Verdict.RE);
        assertThat(missing.tests().get(0).stderr()).contains("no function twoSum");
    }

    @Test
    void judgesAppsCallBasedAndStdinTestsGivenAsJsonStrings() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String callBased = json.writeValueAsString(
                "{\"fn_name\": \"add\", \"inputs\": [[1, 2], [10, -4]], \"outputs\": [[3], [6]]}");
        JudgeResult r = judge.judge("def add(a, b):\n    return a + b\n", Language.PYTHON,
                TestSuites.parse(callBased));
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
        String stdinIo = json.writeValueAsString("{\"inputs\": [\"2\\n3 4\\n\"], \"outputs\": [\"7\\n\"]}");
        JudgeResult s = judge.judge("input()\nprint(sum(map(int, input().split())))\n", Language.PYTHON,
                TestSuites.parse(stdinIo));
        assertThat(s.verdict()).as(s.toString()).isEqualTo(Verdict.AC);
    }

    @Test
    void judgesTheLastCodeBlockOfAModelResponse() throws Exception {
        String response = "<think>\nMaybe:\n```python\nprint(0)\n```\n</think>\nThe answer:\n"
                + "```python\na, b = map(int, input().split())\nprint(a + b)\n```\n";
        assertThat(judge.judgeResponse(response, null, SUM).verdict()).isEqualTo(Verdict.AC);
        assertThat(judge.judgeResponse("no code at all", Language.PYTHON, SUM).verdict()).isEqualTo(Verdict.CE);
    }

    @Test
    void rejectsFunctionalTestsForCompiledLanguages() {
        TestSuite suite = new TestSuite(List.of(TestCase.functional("1", "1")), "f");
        assertThatThrownBy(() -> judge.judge("int main(){}", Language.CPP, suite))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Python only");
    }

    @Test
    void servesManyThreadsThroughTheBoundedPool() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<JudgeResult>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                results.add(pool.submit(() -> judge.judge("print(int(input()) * 2)\n", Language.PYTHON,
                        stdin(n + "\n", (2 * n) + "\n"))));
            }
            for (Future<JudgeResult> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS).verdict()).isEqualTo(Verdict.AC);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsPeakMemoryPerTest() throws Exception {
        JudgeResult small = judge.judge("print(1)\n", Language.PYTHON, stdin("", "1"));
        JudgeResult big = judge.judge("b = bytearray(120 * 1024 * 1024)\nfor i in range(0, len(b), 4096):\n"
                + "    b[i] = 1\nprint(1)\n", Language.PYTHON, stdin("", "1"));
        assertThat(small.tests().get(0).memoryKb()).isNotNull().isBetween(1L, 60L * 1024);
        assertThat(big.tests().get(0).memoryKb()).isNotNull().isGreaterThan(120L * 1024);
        assertThat(big.tests().get(0).stderr()).doesNotContain("vibe-peak-rss-kb");
    }

    @Test
    void sandboxFailuresAreReportedApartFromThePrograms() throws Exception {
        // the interpreter cannot be started inside the sandbox: the judge's fault, retried, then reported
        JudgeResult r;
        try (CodeJudge broken = CodeJudge.builder().optPython(java.nio.file.Path.of("/usr/bin/no-such-python"))
                .optMaxParallel(1).build()) {
            r = broken.judge("print(3)\n", Language.PYTHON, stdin("", "3"));
        }
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.SANDBOX_ERROR);
        assertThat(r.verdict().graded()).isFalse();
        assertThat(r.reason()).contains("no-such-python");
        JudgeResult d;
        try (CodeJudge noDir = CodeJudge.builder().optWorkDir(java.nio.file.Path.of("/proc/no-such-dir"))
                .optMaxParallel(1).build()) {
            d = noDir.judge("print(3)\n", Language.PYTHON, stdin("", "3"));
        }
        assertThat(d.verdict()).isEqualTo(Verdict.SANDBOX_ERROR);
        assertThat(d.reason()).startsWith("cannot create the run's directory");
    }

    @Test
    void measuresItsFixedCostPerRun() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            millis.add(judge.runTrivial().toMillis());
        }
        assertThat(millis).allSatisfy(m -> assertThat(m).isPositive());
        java.util.Collections.sort(millis);
        System.out.println("judge fixed cost per run (empty python program, 10 runs): median " + millis.get(5)
                + " ms, min " + millis.get(0) + " ms, max " + millis.get(9) + " ms");
    }
}
