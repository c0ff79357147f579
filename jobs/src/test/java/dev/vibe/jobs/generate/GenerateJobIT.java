package dev.vibe.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.SharedEngines;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import dev.vibe.pipeline.GenerationOptions;
import dev.vibe.pipeline.testing.FlinkCluster;
import dev.vibe.pipeline.testing.ParquetFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generation job end to end on a MiniCluster of 2 TaskManagers × 2 slots, on a random tiny checkpoint: files
 * in, Parquet out, read back with DuckDB.
 *
 * <p>A MiniCluster's TaskManagers share this JVM, so all four inference subtasks share one engine here (on a real
 * cluster: one per TaskManager JVM and device).
 */
class GenerateJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.extension();

    static final int SAMPLES = 4;
    static final List<String> VALID = List.of("p1", "p2", "p3", "p4", "p5", "p6");

    static Path root;
    static Path model;
    static Path problems;

    @BeforeAll
    static void setUp() throws Exception {
        root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "generate-it");
        model = RandomCheckpoint.writeTiny(root.resolve("tiny"));
        List<String> lines = new ArrayList<>();
        for (String id : VALID) {
            lines.add("{\"id\":\"" + id + "\",\"problem\":\"What is " + id.substring(1) + " + 1?\",\"answer\":\""
                    + (Integer.parseInt(id.substring(1)) + 1) + "\"}");
        }
        lines.add("{\"id\":\"broken\",\"problem\":");                              // malformed JSON
        lines.add("{\"id\":\"p1\",\"problem\":\"a second p1\"}");                    // duplicate id
        lines.add("{\"id\":\"long\",\"problem\":\"" + "x".repeat(3000) + "\"}");  // > 2048-token context
        problems = root.resolve("problems.jsonl");
        Files.write(problems, lines, StandardCharsets.UTF_8);
    }

    static GenerationOptions.Builder options(Path out, String runId) {
        return GenerationOptions.builder().setProblems(problems).setModelDir(model).setOut(out).optRunId(runId)
                .optSamples(SAMPLES).optTemperature(1.0).optMaxNewTokens(6).optSlots(8).optParallelism(4);
    }

    static RunSummary run(GenerationOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        long start = System.nanoTime();
        JobClient client = GenerateJob.start(env, options);
        JobExecutionResult result = client.getJobExecutionResult().get(3, TimeUnit.MINUTES);
        return RunSummary.of(options, result.getAllAccumulatorResults(), Duration.ofNanos(System.nanoTime() - start));
    }

    static List<Map<String, Object>> solutions(Path out, String select) throws Exception {
        return ParquetFiles.query(out.resolve("solutions"), "SELECT " + select + " FROM {files}");
    }

    @Test
    void writesEverySampleOnceWithAllFieldsAndDeadLettersTheRest() throws Exception {
        Path out = root.resolve("out-files");
        int enginesBefore = SharedEngines.openedTotal();

        RunSummary summary = run(options(out, "r1").build());

        // one engine for the four subtasks of the two TaskManagers in this JVM
        assertThat(SharedEngines.openedTotal() - enginesBefore).isEqualTo(1);

        List<Map<String, Object>> rows = solutions(out, "*");
        assertThat(rows).hasSize(VALID.size() * SAMPLES);
        assertThat(rows.stream().map(r -> r.get("problem_id") + "#" + r.get("sample_index")).distinct())
                .hasSize(VALID.size() * SAMPLES);
        for (Map<String, Object> r : rows) {
            assertThat(r.get("finish_reason")).isIn("stop", "length");
            assertThat(r).extractingByKeys("run_id", "source", "kind", "prompt", "completion", "reasoning",
                    "response", "reference_answer", "model", "model_revision", "started_at", "finished_at")
                    .doesNotContainNull();
            assertThat(r.get("error")).isNull();
            assertThat((String) r.get("prompt")).startsWith("<|im_start|>user\nWhat is ")
                    .contains("Let's think step by step and output the final answer within \\boxed{}.");
            assertThat((Integer) r.get("prompt_tokens")).isPositive();
            assertThat((Integer) r.get("completion_tokens")).isBetween(0, 6);
            assertThat(r.get("max_new_tokens")).isEqualTo(6);
            assertThat(r.get("temperature")).isEqualTo(1.0);
        }
        // --samples 4: four distinct seeds per problem
        Map<Object, Long> seedsPerProblem = rows.stream().collect(Collectors.groupingBy(r -> r.get("problem_id"),
                Collectors.mapping(r -> r.get("seed"), Collectors.collectingAndThen(Collectors.toSet(),
                        s -> (long) s.size()))));
        assertThat(seedsPerProblem).hasSize(VALID.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(SAMPLES));

        List<Map<String, Object>> rejected = ParquetFiles.query(out.resolve("rejected"),
                "SELECT category, problem_id, reason FROM {files} ORDER BY category");
        assertThat(rejected).extracting(r -> r.get("category"))
                .containsExactly("duplicate_id", "malformed", "prompt_too_long");
        assertThat(rejected.get(2).get("reason").toString()).contains("prompt too long").contains("2047");

        assertThat(summary.problems()).isEqualTo(VALID.size() + 1);
        assertThat(summary.inputRecords()).isEqualTo(9);
        assertThat(summary.samplesRequested()).isEqualTo((VALID.size() + 1) * SAMPLES);
        assertThat(summary.samplesRejected()).isEqualTo(SAMPLES);
        assertThat(summary.rowsWritten()).isEqualTo(VALID.size() * SAMPLES);
        assertThat(summary.rejectedRows()).isEqualTo(3);
        assertThat(summary.balanced()).isTrue();
        assertThat(summary.generatedTokens()).isEqualTo(rows.stream()
                .mapToLong(r -> (Integer) r.get("completion_tokens")).sum());

        // a rerun over the same output finds every sample done and writes nothing new
        RunSummary rerun = run(options(out, "r2").build());
        assertThat(rerun.rowsWritten()).isZero();
        assertThat(rerun.samplesSkipped()).isEqualTo(VALID.size() * SAMPLES);
        assertThat(rerun.balanced()).isTrue();
        assertThat(solutions(out, "*")).hasSize(VALID.size() * SAMPLES);
    }

    @Test
    void requestThatTimesOutBecomesAnErrorRowAndTheJobFinishes() throws Exception {
        Path out = root.resolve("out-timeout");
        RunSummary summary = run(options(out, "t1").optMaxNewTokens(64).optRequestTimeout(Duration.ofMillis(1))
                .build());

        List<Map<String, Object>> rows = solutions(out, "finish_reason, error, completion");
        assertThat(rows).hasSize(VALID.size() * SAMPLES).allSatisfy(r -> {
            assertThat(r.get("finish_reason")).isEqualTo("error");
            assertThat(r.get("error")).isEqualTo("timed out after 1 ms");
        });
        assertThat(summary.rowsByReason()).containsEntry("error", (long) VALID.size() * SAMPLES);
        assertThat(summary.balanced()).isTrue();
    }
}
