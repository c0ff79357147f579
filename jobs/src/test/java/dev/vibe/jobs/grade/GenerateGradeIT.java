package dev.vibe.jobs.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.checkpoint.RandomCheckpoint;
import dev.vibe.jobs.generate.GenerateJob;
import dev.vibe.operators.grade.GraderSettings;
import dev.vibe.pipeline.GenerationOptions;
import dev.vibe.pipeline.testing.FlinkCluster;
import dev.vibe.pipeline.testing.ParquetFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vibe generate --grade}: the generation job on a random tiny checkpoint grades every solution as it is made
 * and writes the grades beside the solutions. A random model answers nothing: each sample is TRUNCATED when the
 * token cap cut it and NO_ANSWER (or, by chance, WRONG) otherwise — never CORRECT without an answer.
 */
class GenerateGradeIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @TempDir
    Path tmp;

    @Test
    void gradesEverySolutionBesideTheSolutions() throws Exception {
        Path model = RandomCheckpoint.writeTiny(tmp.resolve("tiny"));
        Path problems = tmp.resolve("problems.jsonl");
        Files.write(problems, List.of("{\"id\":\"a\",\"problem\":\"What is 1 + 1?\",\"answer\":\"2\"}",
                "{\"id\":\"b\",\"problem\":\"What is 2 + 2?\",\"answer\":\"4\"}",
                "{\"id\":\"c\",\"problem\":\"Name a prime.\"}"), StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");
        GenerationOptions options = GenerationOptions.builder().setProblems(problems).setModelDir(model).setOut(out)
                .optRunId("g7").optSamples(3).optTemperature(1.0).optMaxNewTokens(5).optSlots(4).optParallelism(2)
                .optGrader(GraderSettings.defaults()).build();

        GenerateJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), options)
                .getJobExecutionResult().get(3, TimeUnit.MINUTES);

        Map<String, Map<String, Object>> solutions = ParquetFiles.query(out.resolve("solutions"),
                "SELECT problem_id || '#' || sample_index AS k, finish_reason FROM {files}").stream()
                .collect(Collectors.toMap(r -> (String) r.get("k"), Function.identity()));
        List<Map<String, Object>> grades = ParquetFiles.query(out.resolve("grades"),
                "SELECT run, problem_id || '#' || sample_index AS k, verdict, correct, finish_reason, reason"
                        + " FROM {files}");
        assertThat(solutions).hasSize(9);
        assertThat(grades).hasSize(9);
        for (Map<String, Object> g : grades) {
            Map<String, Object> s = solutions.get((String) g.get("k"));
            assertThat(s).as("grade of a written solution " + g.get("k")).isNotNull();
            assertThat(g.get("run")).isEqualTo("g7");
            assertThat(g.get("finish_reason")).isEqualTo(s.get("finish_reason"));
            assertThat(g.get("correct")).isEqualTo(false);
            if (((String) g.get("k")).startsWith("c#")) {
                assertThat(g.get("verdict")).isEqualTo("UNGRADABLE");
                assertThat(g.get("reason")).isEqualTo("no reference answer");
            } else if ("length".equals(s.get("finish_reason"))) {
                assertThat(g.get("verdict")).isEqualTo("TRUNCATED");
            } else {
                assertThat(g.get("verdict")).isIn("NO_ANSWER", "WRONG");
            }
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        GradeJob.summarize(out, "g7", false, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("run g7: 9 samples graded, 6 counted")
                .contains("math  2 problems, 6 samples: avg@3 0.00%  maj@3 0.00%  pass@1 0.00%  pass@2 0.00%"
                        + "  pass@3 0.00%")
                .contains("math  1 problems without a gradable sample");
        assertThat(out.resolve("grades/run=g7/summary.json")).exists();
    }
}
