package dev.vibe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.pipeline.sink.KafkaSinks;
import dev.vibe.pipeline.sink.ParquetSinks;
import dev.vibe.pipeline.testing.FlinkCluster;
import dev.vibe.pipeline.testing.KafkaBroker;
import dev.vibe.pipeline.testing.ParquetFiles;
import dev.vibe.schemas.Grade;
import dev.vibe.schemas.Solution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The grading job on a MiniCluster, with real graders and sandboxes: Parquet in and out, and Kafka in and out. */
class GradingPipelineIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.extension();
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /** Away from the judge's own tests' uids (61000+), which may run on this host at the same time. */
    private static final int UID_BASE = 63100;

    @TempDir
    Path tmp;

    @Test
    void gradesGeneratedParquetWithExactVerdictsAndDeadLettersInvalidRecords() throws Exception {
        Path gen = tmp.resolve("gen");
        List<CraftedSolutions.Case> cases = CraftedSolutions.cases();
        List<Solution> input = new ArrayList<>(cases.stream().map(CraftedSolutions.Case::solution).toList());
        input.add(CraftedSolutions.invalid());
        writeSolutions(gen, input);

        Path out = tmp.resolve("out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        GradingPipeline.build(env, settings().setSolutionsDir(gen).setOut(out).optRunId("g1").build());
        env.execute("grade parquet");

        List<Map<String, Object>> rows = ParquetFiles.query(out.resolve("grades"),
                "SELECT run, run_id, problem_id, sample_index, verdict, correct, counted, reason, extracted_answer,"
                        + " grader_version, tests_run, tests_passed FROM {files}");
        Map<String, Map<String, Object>> byKey = rows.stream().collect(Collectors.toMap(
                r -> r.get("problem_id") + "#" + r.get("sample_index"), Function.identity()));
        assertThat(rows).hasSize(cases.size());
        for (CraftedSolutions.Case c : cases) {
            Map<String, Object> row = byKey.get(c.key());
            assertThat(row).as(c.key()).isNotNull();
            assertThat(row.get("verdict")).as(c.key() + " " + row.get("reason")).isEqualTo(c.verdict());
            assertThat(row.get("correct")).as(c.key()).isEqualTo(c.correct());
            assertThat(row.get("run")).isEqualTo(CraftedSolutions.RUN);
        }
        assertThat(byKey.get("m1#2").get("reason")).isEqualTo("truncated");
        assertThat(byKey.get("m3#0").get("reason")).isEqualTo("no reference answer");
        assertThat(byKey.get("m2#1").get("reason")).isEqualTo("generation failed: out of memory");
        assertThat((String) byKey.get("p1#0").get("reason")).contains("unknown kind 'poetry'");
        assertThat((String) byKey.get("c2#0").get("reason")).startsWith("malformed tests:");
        assertThat(byKey.get("m1#1").get("extracted_answer")).isEqualTo("41");
        assertThat(byKey.get("c1#0").get("tests_passed")).isEqualTo(2);
        assertThat(byKey.get("c1#1").get("tests_passed")).isEqualTo(0);
        assertThat(byKey.get("m3#0").get("counted")).isEqualTo(false);
        assertThat(byKey.get("m1#2").get("counted")).isEqualTo(true);
        assertThat((String) rows.get(0).get("grader_version")).matches("vibe-grading \\S+\\+[0-9a-f]{10}");
        assertThat(ParquetFiles.codecs(out.resolve("grades"))).containsOnly("ZSTD");

        List<Map<String, Object>> rejected = ParquetFiles.query(out.resolve("rejected"),
                "SELECT run, category, reason, problem_id FROM {files}");
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.get("run")).isEqualTo("g1");
            assertThat(r.get("problem_id")).isEqualTo("bad");
            assertThat((String) r.get("reason")).contains("sample_index is negative (-1)");
        });
    }

    @Test
    void gradesATopicOfSolutionsIntoAGradesTopicAndDeadLettersUndecodableRecords() throws Exception {
        KAFKA.createTopic("solutions", 2);
        List<CraftedSolutions.Case> cases = CraftedSolutions.cases().stream()
                .filter(c -> !c.solution().getKind().equals("code") || c.solution().getSampleIndex() == 0).toList();
        List<byte[]> values = new ArrayList<>();
        cases.forEach(c -> values.add(KafkaSinks.avro(c.solution())));
        byte[] garbage = "{\"problem_id\": \"json is not avro\"}".getBytes(StandardCharsets.UTF_8);
        values.add(garbage);
        KAFKA.produce("solutions", values);

        Path out = tmp.resolve("out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        GradingPipeline.build(env, settings().setKafkaInput(KAFKA.bootstrapServers(), "solutions").optBounded(true)
                .optKafkaOut(null, "grades").setOut(out).optRunId("g2").build());
        env.execute("grade kafka");

        Map<String, Grade> grades = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KAFKA.readAll("grades")) {
            Grade g = decode(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(g.getProblemId());
            grades.put(g.getProblemId() + "#" + g.getSampleIndex(), g);
        }
        assertThat(grades).hasSize(cases.size());
        for (CraftedSolutions.Case c : cases) {
            assertThat(grades.get(c.key()).getVerdict()).as(c.key()).isEqualTo(c.verdict());
        }
        assertThat(ParquetFiles.query(out.resolve("grades"), "SELECT count(*) AS n FROM {files}").get(0).get("n"))
                .isEqualTo((long) cases.size());

        List<ConsumerRecord<byte[], byte[]>> dlq = KAFKA.readAll("solutions.dlq");
        assertThat(dlq).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(garbage);
            assertThat(new String(r.headers().lastHeader(KafkaSinks.HEADER_REASON).value(), StandardCharsets.UTF_8))
                    .startsWith("malformed Solution record");
        });
    }

    @Test
    void streamingGradingCommitsGradesOnCheckpointsToParquetAndTheTopicExactlyOnce() throws Exception {
        KAFKA.createTopic("live-solutions", 1);
        List<CraftedSolutions.Case> cases = CraftedSolutions.cases().stream()
                .filter(c -> c.solution().getKind().equals("math")).toList();
        KAFKA.produce("live-solutions", cases.stream().map(c -> KafkaSinks.avro(c.solution())).toList());

        Path out = tmp.resolve("out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        GradingPipeline.build(env, settings().setKafkaInput(KAFKA.bootstrapServers(), "live-solutions")
                .optKafkaOut(null, "live-grades").optCheckpointInterval(Duration.ofMillis(500)).setOut(out)
                .optRunId("g3").build());
        JobClient job = env.executeAsync("grade stream");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (committedParquetRows(out.resolve("grades")) < cases.size()
                    || !KAFKA.topics().contains("live-grades") || KAFKA.readAll("live-grades").size() < cases.size()) {
                assertThat(System.nanoTime()).as("grades committed within 90 s").isLessThan(deadline);
                assertThat(job.getJobStatus().get()).isNotIn(JobStatus.FAILED, JobStatus.FINISHED);
                Thread.sleep(300);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> verdicts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KAFKA.readAll("live-grades")) {
            Grade g = decode(r.value());
            assertThat(verdicts.put(g.getProblemId() + "#" + g.getSampleIndex(), g.getVerdict())).as("once").isNull();
        }
        assertThat(verdicts).containsExactlyInAnyOrderEntriesOf(cases.stream()
                .collect(Collectors.toMap(CraftedSolutions.Case::key, CraftedSolutions.Case::verdict)));
        List<Map<String, Object>> parquet = ParquetFiles.query(out.resolve("grades"),
                "SELECT problem_id || '#' || sample_index AS k, verdict FROM {files}");
        assertThat(parquet).hasSize(cases.size())
                .allSatisfy(r -> assertThat(r.get("verdict")).isEqualTo(verdicts.get((String) r.get("k"))));
    }

    /** Rows of the committed (visible) grade files; 0 before the first checkpoint completes. */
    private static long committedParquetRows(Path grades) throws Exception {
        if (!Files.isDirectory(grades)) {
            return 0;
        }
        try (var files = Files.walk(grades)) {
            if (files.noneMatch(f -> f.getFileName().toString().startsWith("part-"))) {
                return 0;
            }
        }
        return (Long) ParquetFiles.query(grades, "SELECT count(*) AS n FROM {files}").get(0).get("n");
    }

    private static GradingSettings.Builder settings() {
        return GradingSettings.builder().optParallelism(2).optMaxSandboxes(2).optSandboxUidBase(UID_BASE)
                .optMathTimeout(Duration.ofSeconds(10));
    }

    /** Solutions exactly as {@code vibe generate} writes them: io's Parquet sink, BATCH mode. */
    static void writeSolutions(Path outDir, List<Solution> solutions) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromData(new AvroTypeInfo<>(Solution.class), solutions.toArray(Solution[]::new))
                .sinkTo(ParquetSinks.solutions(outDir.toString()));
        env.execute("write solutions");
        assertThat(Files.isDirectory(outDir.resolve("solutions/run=" + CraftedSolutions.RUN))).isTrue();
    }

    private static Grade decode(byte[] value) throws Exception {
        return new SpecificDatumReader<Grade>(Grade.getClassSchema(), Grade.getClassSchema(),
                SpecificData.getForClass(Grade.class)).read(null, DecoderFactory.get().binaryDecoder(value, null));
    }
}
