package dev.vibe.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.pipeline.sink.ParquetSinks;
import dev.vibe.schemas.Solution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vibe grade} end to end on the embedded MiniCluster, real math grader and sandboxes; the printed scores
 * against a hand computation.
 *
 * <p>P1 (reference 3): answers 3, 3, 4 → correct T T F. P2 (reference 6): answers 5, 5, 6 → F F T, majority 5
 * (wrong). avg@3 = mean(2/3, 1/3) = 50%; maj@3 = mean(1, 0) = 50%; pass@1 = 50%; pass@2 = mean(1, 1 - C(2,2)/C(3,2))
 * = mean(1, 2/3) = 83.33%; pass@3 = 100%. Code C1: AC and WA → avg@2 50%, pass@1 50%, pass@2 100%.
 */
class GradeCommandIT {

    @TempDir
    Path tmp;

    @Test
    void gradesAGenerateOutputAndPrintsPassAtKMajorityAndMeanAccuracy() throws Exception {
        Path gen = tmp.resolve("gen");
        List<Solution> rows = new ArrayList<>();
        String[][] answers = {{"P1", "3", "3", "3", "4"}, {"P2", "6", "5", "5", "6"}};
        for (String[] p : answers) {
            for (int i = 0; i < 3; i++) {
                rows.add(solution(p[0], i, "math", "<think>thinking</think> $\\boxed{" + p[i + 2] + "}$")
                        .setReferenceAnswer(p[1]).build());
            }
        }
        String tests = "[{\"input\": \"4\\n\", \"output\": \"16\\n\", \"testtype\": \"stdin\"}]";
        rows.add(solution("C1", 0, "code", "```python\nn = int(input())\nprint(n * n)\n```").setTests(tests).build());
        rows.add(solution("C1", 1, "code", "```python\nn = int(input())\nprint(n + n + 1)\n```").setTests(tests)
                .build());
        write(gen, rows);

        Path out = tmp.resolve("out");
        CliCapture r = CliCapture.run("", "grade", "--in", gen.toString(), "--out", out.toString(),
                "--parallelism", "2", "--max-sandboxes", "2", "--sandbox-uid-base", "63300");
        assertThat(r.status()).as(r.err()).isZero();
        String math = "math  2 problems, 6 samples: avg@3 50.00%  maj@3 50.00%  pass@1 50.00%  pass@2 83.33%"
                + "  pass@3 100.00%";
        String code = "code  1 problems, 2 samples: avg@2 50.00%  pass@1 50.00%  pass@2 100.00%";
        assertThat(r.out()).contains("run r7: 8 samples graded, 8 counted").contains(math).contains(code)
                .contains("verdicts: AC 1, CORRECT 3, WA 1, WRONG 3");
        assertThat(out.resolve("grades/run=r7/summary.json")).exists();
        assertThat(r.err()).contains("grade grade-"); // the progress bar

        CliCapture again = CliCapture.run("", "grade", "--summary-only", "--out", out.toString(), "--per-problem");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains(math).contains(code)
                .containsPattern("P2\\s+math\\s+3\\s+1\\s+33.33%\\s+33.33%\\s+5 \\(wrong\\)");
    }

    @Test
    void saysInOneLineWhatIsMissing() {
        CliCapture r = CliCapture.run("", "grade", "--out", tmp.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("vibe grade: give either --in DIR or --kafka BOOTSTRAP --topic T"
                + " (exactly one input) (--verbose for details)");
        CliCapture none = CliCapture.run("", "grade", "--summary-only", "--out", tmp.toString());
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("no grades under");
    }

    private static Solution.Builder solution(String id, int sample, String kind, String completion) {
        return Solution.newBuilder().setRunId("r7").setProblemId(id).setSampleIndex(sample).setSeed(sample)
                .setSource("crafted").setKind(kind).setPrompt(id).setCompletion(completion).setFinishReason("stop")
                .setPromptTokens(1).setCompletionTokens(1).setModel("crafted").setTemperature(1).setTopP(1)
                .setTopK(0).setMaxNewTokens(64).setStartedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH);
    }

    /** Solutions as vibe generate writes them (io's Parquet sink). */
    private static void write(Path out, List<Solution> rows) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromData(new AvroTypeInfo<>(Solution.class), rows.toArray(Solution[]::new))
                .sinkTo(ParquetSinks.solutions(out.toString()));
        env.execute("write solutions");
        assertThat(Files.isDirectory(out.resolve("solutions/run=r7"))).isTrue();
    }
}
