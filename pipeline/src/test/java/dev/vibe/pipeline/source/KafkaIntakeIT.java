package dev.vibe.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.operators.parse.ProblemCodec;
import dev.vibe.operators.parse.ProblemParser;
import dev.vibe.operators.parse.ValueFormat;
import dev.vibe.pipeline.sink.KafkaSinks;
import dev.vibe.pipeline.sink.ParquetSinks;
import dev.vibe.pipeline.testing.FlinkCluster;
import dev.vibe.pipeline.testing.KafkaBroker;
import dev.vibe.pipeline.testing.Lines;
import dev.vibe.pipeline.testing.ParquetFiles;
import dev.vibe.pipeline.testing.TestSolutions;
import dev.vibe.schemas.ChatMessage;
import dev.vibe.schemas.Problem;
import dev.vibe.schemas.Solution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Kafka (JSON and Avro values) → parse → dedupe → Parquet + Kafka solutions + Kafka DLQ, on a real broker. */
class KafkaIntakeIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @TempDir
    Path dir;

    /** Valid JSON v0..v3, valid Avro a0..a1, and one of every bad record, byte for byte. */
    private static List<byte[]> inputs() {
        List<byte[]> values = new ArrayList<>();
        Lines.ids(4).forEach(id -> values.add(Lines.utf8(Lines.valid(id))));
        for (String id : List.of("a0", "a1")) {
            values.add(ProblemCodec.toAvro(Problem.newBuilder().setId(id)
                    .setMessages(List.of(new ChatMessage("user", "Avro question " + id))).setKind("code")
                    .setTests("[{\"input\":\"\",\"output\":\"1\"}]").setSource("avro").setOrigin("").build()));
        }
        values.add(Lines.utf8(Lines.MALFORMED));
        values.add(Lines.utf8(Lines.MISSING_STATEMENT));
        values.add(Lines.utf8(Lines.UNKNOWN_KIND));
        values.add(Lines.utf8(Lines.duplicateOf("v1")));
        values.add(new byte[] {0x02, 0x41, (byte) 0xFF, (byte) 0xFF}); // not JSON, not a complete Avro Problem
        return values;
    }

    private static final List<String> VALID = List.of("v0", "v1", "v2", "v3", "a0", "a1");

    @Test
    void boundedBatchRunWritesValidProblemsOnceAndSendsBadRecordsToTheDlqTopic() throws Exception {
        String topic = "problems-batch";
        KAFKA.createTopic(topic, 2);
        KAFKA.createTopic(KafkaSinks.dlqTopic(topic), 1);
        KAFKA.createTopic("solutions-batch", 2);
        List<byte[]> inputs = inputs();
        KAFKA.produce(topic, inputs);
        Path out = dir.resolve("out");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        ProblemIntake intake = ProblemIntake.of(env.fromSource(ProblemKafkaSource.builder()
                .setBootstrapServers(KAFKA.bootstrapServers()).setTopic(topic).optGroupId("it-batch").optBounded(true)
                .build(), WatermarkStrategy.noWatermarks(), "kafka"), new ProblemParser(ValueFormat.AUTO), "kb");
        var solutions = intake.problems().map(p -> TestSolutions.of(p, 0, "kb", "stop"), new AvroTypeInfo<>(Solution.class));
        solutions.sinkTo(ParquetSinks.solutions(out.toString()));
        solutions.sinkTo(KafkaSinks.solutions(KAFKA.bootstrapServers(), "solutions-batch",
                KafkaSinks.ValueEncoding.AVRO, DeliveryGuarantee.AT_LEAST_ONCE));
        intake.rejected().sinkTo(ParquetSinks.rejected(out.toString()));
        intake.rejected().sinkTo(KafkaSinks.deadLetters(KAFKA.bootstrapServers(), KafkaSinks.dlqTopic(topic),
                DeliveryGuarantee.AT_LEAST_ONCE));
        env.execute("kafka intake, bounded batch");

        assertThat(ParquetFiles.query(out.resolve("solutions"), "SELECT problem_id, count(*) AS n FROM {files} GROUP BY problem_id"))
                .extracting(r -> r.get("problem_id") + "×" + r.get("n"))
                .containsExactlyInAnyOrderElementsOf(VALID.stream().map(id -> id + "×1").toList());
        assertThat(ParquetFiles.query(out.resolve("solutions"), "SELECT kind, tests FROM {files} WHERE problem_id = 'a1'"))
                .singleElement().isEqualTo(Map.of("kind", "code", "tests", "[{\"input\":\"\",\"output\":\"1\"}]"));

        List<ConsumerRecord<byte[], byte[]>> dlq = KAFKA.readAll(KafkaSinks.dlqTopic(topic));
        assertThat(dlq).extracting(r -> header(r, KafkaSinks.HEADER_CATEGORY)).containsExactlyInAnyOrder(
                "malformed", "missing_statement", "unknown_kind", "duplicate_id", "malformed");
        Map<String, String> reasonByValue = dlq.stream().filter(r -> !"duplicate_id".equals(header(r, KafkaSinks.HEADER_CATEGORY)))
                .collect(Collectors.toMap(r -> hex(r.value()), r -> header(r, KafkaSinks.HEADER_REASON)));
        // Dead letters carry the original bytes exactly (the duplicate carries its parsed content, see DedupeByIdFunction).
        List<String> badValues = new ArrayList<>(inputs.subList(6, 9).stream().map(KafkaIntakeIT::hex).toList());
        badValues.add(hex(inputs.get(10)));
        assertThat(reasonByValue.keySet()).containsExactlyInAnyOrderElementsOf(badValues);
        assertThat(reasonByValue.get(hex(inputs.get(10)))).startsWith("not an Avro binary Problem");
        assertThat(dlq).allSatisfy(r -> assertThat(header(r, KafkaSinks.HEADER_ORIGIN)).matches("kafka:problems-batch/[01]@\\d+"));
        // Counts add up: every input is a solution or a dead letter.
        assertThat(VALID.size() + dlq.size()).isEqualTo(inputs.size());
        assertThat(ParquetFiles.query(out.resolve("rejected"), "SELECT count(*) AS n FROM {files}"))
                .singleElement().isEqualTo(Map.of("n", (long) dlq.size()));

        List<ConsumerRecord<byte[], byte[]>> solved = KAFKA.readAll("solutions-batch");
        assertThat(solved).extracting(r -> decode(r.value()).getProblemId()).containsExactlyInAnyOrderElementsOf(VALID);
        assertThat(solved).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
                .isEqualTo(decode(r.value()).getProblemId()));
    }

    @Test
    void unboundedStreamingRunCommitsEveryProblemExactlyOnceOnCheckpoints() throws Exception {
        String topic = "problems-stream";
        KAFKA.createTopic(topic, 2);
        KAFKA.createTopic(KafkaSinks.dlqTopic(topic), 1);
        List<byte[]> inputs = inputs();
        KAFKA.produce(topic, inputs.subList(0, 6));
        Path out = dir.resolve("out");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.enableCheckpointing(300);
        env.setParallelism(2);
        ProblemIntake intake = ProblemIntake.of(env.fromSource(ProblemKafkaSource.builder()
                .setBootstrapServers(KAFKA.bootstrapServers()).setTopic(topic).optGroupId("it-stream").build(),
                WatermarkStrategy.noWatermarks(), "kafka"), new ProblemParser(ValueFormat.AUTO), "ks");
        intake.problems().map(p -> TestSolutions.of(p, 0, "ks", "stop"), new AvroTypeInfo<>(Solution.class))
                .sinkTo(ParquetSinks.solutions(out.toString()));
        intake.rejected().sinkTo(KafkaSinks.deadLetters(KAFKA.bootstrapServers(), KafkaSinks.dlqTopic(topic),
                DeliveryGuarantee.EXACTLY_ONCE));
        JobClient job = env.executeAsync("kafka intake, unbounded streaming");
        try {
            awaitRows(job, out.resolve("solutions"), 6);
            KAFKA.produce(topic, inputs.subList(6, inputs.size())); // the bad ones arrive while the job runs
            awaitDlq(job, KafkaSinks.dlqTopic(topic), 5);
        } finally {
            job.cancel().get();
        }

        assertThat(ParquetFiles.query(out.resolve("solutions"), "SELECT problem_id, count(*) AS n FROM {files} GROUP BY problem_id"))
                .extracting(r -> r.get("problem_id") + "×" + r.get("n"))
                .containsExactlyInAnyOrderElementsOf(VALID.stream().map(id -> id + "×1").toList());
        assertThat(ParquetFiles.codecs(out.resolve("solutions"))).containsExactly("ZSTD");
        assertThat(KAFKA.readAll(KafkaSinks.dlqTopic(topic))).hasSize(5);
    }

    private static void awaitRows(JobClient job, Path solutions, int rows) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            assertRunning(job);
            if (java.nio.file.Files.exists(solutions) && countCommitted(solutions) >= rows) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + rows + " committed rows under " + solutions + " after 60 s");
    }

    private static long countCommitted(Path solutions) throws Exception {
        try (var files = java.nio.file.Files.walk(solutions)) {
            if (files.noneMatch(p -> p.getFileName().toString().startsWith("part-"))) {
                return 0;
            }
        }
        return (Long) ParquetFiles.query(solutions, "SELECT count(*) AS n FROM {files}").get(0).get("n");
    }

    private static void assertRunning(JobClient job) throws Exception {
        var status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            job.getJobExecutionResult().get(); // throws the job's failure
            throw new AssertionError("job ended early: " + status);
        }
    }

    private static void awaitDlq(JobClient job, String topic, int records) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (KAFKA.readAll(topic).size() < records) {
            assertRunning(job);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + records + " dead letters in " + topic + " after 60 s");
            }
            Thread.sleep(200);
        }
    }

    private static Solution decode(byte[] value) {
        try {
            return new SpecificDatumReader<>(Solution.class).read(null, DecoderFactory.get().binaryDecoder(value, null));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
