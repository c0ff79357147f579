package dev.vibe.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.checkpoint.RandomCheckpoint;
import dev.vibe.operators.inference.SolutionInference;
import dev.vibe.pipeline.GenerationOptions;
import dev.vibe.pipeline.testing.FlinkCluster;
import dev.vibe.pipeline.testing.KafkaBroker;
import dev.vibe.pipeline.testing.ParquetFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka → Parquet in STREAMING mode with checkpoints, on a real in-process broker: the inference operator fails
 * once mid-run, Flink restarts from the last checkpoint, and the committed output still holds every
 * (problem, sample) exactly once.
 */
class KafkaGenerateJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    static final int PROBLEMS = 8;
    static final int SAMPLES = 3;

    @Test
    void recoversFromAFailureMidRunWithEverySampleWrittenExactlyOnce() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kafka-it");
        Path model = RandomCheckpoint.writeTiny(root.resolve("tiny"));
        Path out = root.resolve("out");
        String topic = "problems-streaming";
        KAFKA.createTopic(topic, 2);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < PROBLEMS; i++) {
            values.add(("{\"id\":\"k" + i + "\",\"problem\":\"Add " + i + " and " + i + ".\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        values.add("not json".getBytes(StandardCharsets.UTF_8));
        KAFKA.produce(topic, values);

        String runId = "stream-" + System.nanoTime();
        GenerationOptions options = GenerationOptions.builder().setKafka(KAFKA.bootstrapServers(), topic)
                .setModelDir(model).setOut(out).optRunId(runId).optSamples(SAMPLES).optTemperature(1.0)
                .optMaxNewTokens(8).optSlots(4).optParallelism(2)
                .optCheckpointInterval(Duration.ofMillis(300))
                .optFailOnceAfter(7)
                .build();
        StreamExecutionEnvironment env = StreamingRuns.restartingEnvironment(3, Duration.ofMillis(100));

        JobClient client = GenerateJob.start(env, options);
        int expected = PROBLEMS * SAMPLES;
        try {
            StreamingRuns.awaitCommitted(out, expected, client);
            Thread.sleep(1500); // several more checkpoints: a duplicate would show up now
        } finally {
            if (!client.getJobExecutionResult().isDone()) {
                client.cancel().get(1, TimeUnit.MINUTES);
            }
        }

        assertThat(SolutionInference.failureInjected(runId)).as("the injected failure happened").isTrue();
        List<Map<String, Object>> rows = ParquetFiles.query(out.resolve("solutions"),
                "SELECT problem_id, sample_index, finish_reason, model FROM {files}");
        assertThat(rows).hasSize(expected);
        assertThat(rows.stream().map(r -> r.get("problem_id") + "#" + r.get("sample_index")).distinct())
                .hasSize(expected);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("finish_reason")).isIn("stop", "length"));
        assertThat(ParquetFiles.query(out.resolve("rejected"), "SELECT category FROM {files}"))
                .extracting(r -> r.get("category")).containsExactly("malformed");
        // Kafka input: the dead letter also reaches <topic>.dlq with its original bytes (at least once).
        assertThat(KAFKA.readAll(topic + ".dlq")).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .isNotEmpty().containsOnly("not json");
    }
}
