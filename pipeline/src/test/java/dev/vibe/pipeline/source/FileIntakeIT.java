package dev.vibe.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.operators.parse.ProblemParser;
import dev.vibe.operators.parse.ValueFormat;
import dev.vibe.pipeline.sink.CompletedSamples;
import dev.vibe.pipeline.sink.ParquetSinks;
import dev.vibe.pipeline.testing.FlinkCluster;
import dev.vibe.pipeline.testing.Lines;
import dev.vibe.pipeline.testing.ParquetFiles;
import dev.vibe.pipeline.testing.TestSolutions;
import dev.vibe.schemas.Problem;
import dev.vibe.schemas.Solution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Files → parse → dedupe → Parquet (solutions and dead letters) on a real MiniCluster, read back with DuckDB. */
class FileIntakeIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @TempDir
    Path dir;

    @Test
    void batchWritesEveryValidProblemOnceAndEveryBadRecordAsDeadLetter() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/nested"));
        List<String> jsonl = new ArrayList<>();
        Lines.ids(6).forEach(id -> jsonl.add(Lines.valid(id)));
        jsonl.addAll(List.of(Lines.MALFORMED, Lines.MISSING_STATEMENT, Lines.UNKNOWN_KIND, Lines.duplicateOf("v2"), ""));
        Files.write(in.resolve("set.jsonl"), jsonl);
        Files.writeString(in.resolve(".hidden.jsonl"), Lines.valid("hidden") + "\n");
        Files.writeString(in.resolve("notes.txt"), "not a problem file\n");
        writeProblemParquet(in.resolve("more.parquet"), List.of("p0", "p1", "p2"));
        Path out = dir.resolve("out");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        ProblemIntake intake = ProblemIntake.of(env.fromSource(ProblemFileSource.builder()
                .setPaths(List.of(dir.resolve("in").toString())).build(), WatermarkStrategy.noWatermarks(), "files"),
                new ProblemParser(ValueFormat.AUTO), "r1");
        intake.problems().map(p -> TestSolutions.of(p, 0, "r1", "stop"), new AvroTypeInfo<>(Solution.class))
                .sinkTo(ParquetSinks.solutions(out.toString()));
        intake.rejected().sinkTo(ParquetSinks.rejected(out.toString()));
        env.execute("file intake, batch");

        Path solutions = out.resolve("solutions");
        assertThat(ParquetFiles.query(solutions, "SELECT problem_id, count(*) AS n, min(run) AS run FROM {files} GROUP BY problem_id"))
                .extracting(r -> r.get("problem_id") + "×" + r.get("n") + "@" + r.get("run"))
                .containsExactlyInAnyOrder("v0×1@r1", "v1×1@r1", "v2×1@r1", "v3×1@r1", "v4×1@r1", "v5×1@r1",
                        "p0×1@r1", "p1×1@r1", "p2×1@r1");
        assertThat(ParquetFiles.query(solutions, "SELECT reference_answer, metadata, source FROM {files} WHERE problem_id = 'v2'"))
                .singleElement().isEqualTo(Map.of("reference_answer", "3", "metadata", "{\"n\":1}", "source", "toy"));

        List<Map<String, Object>> rejected = ParquetFiles.query(out.resolve("rejected"),
                "SELECT category, reason, original, origin, problem_id, run FROM {files} ORDER BY origin");
        Map<String, Map<String, Object>> byCategory = rejected.stream()
                .collect(Collectors.toMap(r -> (String) r.get("category"), r -> r));
        assertThat(byCategory).containsOnlyKeys("malformed", "missing_statement", "unknown_kind", "duplicate_id");
        String set = "file:" + in.resolve("set.jsonl").toAbsolutePath();
        assertThat(original(byCategory.get("malformed"))).isEqualTo(Lines.MALFORMED);
        assertThat(byCategory.get("malformed")).containsEntry("origin", set + ":7").containsEntry("run", "r1");
        assertThat((String) byCategory.get("malformed").get("reason")).startsWith("malformed JSON");
        assertThat(original(byCategory.get("missing_statement"))).isEqualTo(Lines.MISSING_STATEMENT);
        assertThat(original(byCategory.get("unknown_kind"))).isEqualTo(Lines.UNKNOWN_KIND);
        assertThat(byCategory.get("duplicate_id")).containsEntry("problem_id", "v2");
        assertThat((String) byCategory.get("duplicate_id").get("reason"))
                .isEqualTo("duplicate id \"v2\" (first seen at " + set + ":3)");
        // Counts add up: 10 non-blank JSONL lines + 3 Parquet rows = 9 solutions + 4 dead letters.
        assertThat(9 + rejected.size()).isEqualTo(10 + 3);

        assertThat(ParquetFiles.codecs(solutions)).containsExactly("ZSTD");
        assertThat(ParquetFiles.codecs(out.resolve("rejected"))).containsExactly("ZSTD");
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .allSatisfy(name -> assertThat(name).startsWith("part-").endsWith(".parquet"));
        }

        CompletedSamples done = CompletedSamples.load(out.toString());
        assertThat(done.size()).isEqualTo(9);
        assertThat(done.contains("v5", 0)).isTrue();
        assertThat(done.contains("v5", 1)).isFalse();
    }

    /** Fails the job once, right after a checkpoint completed, to check that a restart loses and repeats nothing. */
    static final class FailOnceAfterCheckpoint implements MapFunction<Problem, Solution>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static volatile boolean checkpointed;

        @Override
        public Solution map(Problem p) throws Exception {
            Thread.sleep(5);
            if (checkpointed && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a checkpoint");
            }
            return TestSolutions.of(p, 0, "r2", "stop");
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void streamingRestartFromCheckpointWritesEveryProblemExactlyOnce() throws Exception {
        List<String> ids = Lines.ids(400);
        Files.createDirectories(dir.resolve("in"));
        Files.write(dir.resolve("in/big.jsonl"), ids.stream().map(Lines::valid).toList());
        Path out = dir.resolve("out");
        FailOnceAfterCheckpoint.FAILED.set(false);
        FailOnceAfterCheckpoint.checkpointed = false;

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.enableCheckpointing(200);
        // Barriers overtake the records buffered between operators, so a checkpoint completes mid-input.
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        env.setParallelism(2);
        ProblemIntake intake = ProblemIntake.of(env.fromSource(ProblemFileSource.builder()
                .setPaths(List.of(dir.resolve("in").toString())).build(), WatermarkStrategy.noWatermarks(), "files"),
                new ProblemParser(ValueFormat.AUTO), "r2");
        intake.problems().map(new FailOnceAfterCheckpoint(), new AvroTypeInfo<>(Solution.class))
                .sinkTo(ParquetSinks.solutions(out.toString()));
        intake.rejected().sinkTo(ParquetSinks.rejected(out.toString()));
        env.execute("file intake, streaming with a failure");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        List<Map<String, Object>> rows = ParquetFiles.query(out.resolve("solutions"),
                "SELECT problem_id, count(*) AS n FROM {files} GROUP BY problem_id");
        assertThat(rows).hasSize(400).allSatisfy(r -> assertThat(r.get("n")).isEqualTo(1L));
        assertThat(rows).extracting(r -> (String) r.get("problem_id")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(Files.exists(out.resolve("rejected"))).isFalse();
    }

    private static String original(Map<String, Object> row) {
        return new String((byte[]) row.get("original"), StandardCharsets.UTF_8);
    }

    /** A plain-layout problem Parquet file (the Problem schema's columns), written with parquet-avro directly. */
    private static void writeProblemParquet(Path file, List<String> ids) throws Exception {
        try (ParquetWriter<Problem> w = AvroParquetWriter.<Problem>builder(new LocalOutputFile(file))
                .withSchema(Problem.getClassSchema()).withDataModel(org.apache.avro.specific.SpecificData.getForClass(Problem.class))
                .withConf(new PlainParquetConfiguration()).build()) {
            for (String id : ids) {
                w.write(Problem.newBuilder().setId(id).setProblem("Compute " + id).setAnswer("1").setKind("math")
                        .setSource("pq").setOrigin("").build());
            }
        }
    }
}
