package dev.vibe.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.checkpoint.RandomCheckpoint;
import dev.vibe.pipeline.GenerationOptions;
import dev.vibe.pipeline.testing.FlinkCluster;
import dev.vibe.pipeline.testing.KafkaBroker;
import dev.vibe.pipeline.testing.ParquetFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager is lost in the middle of a STREAMING Kafka → Parquet run: Flink restarts the job on a fresh
 * TaskManager from the last checkpoint, and the committed output still holds every (problem, sample) exactly once.
 * The job runs at parallelism 4 on 2 TaskManagers × 2 slots, so the lost TaskManager certainly held subtasks.
 */
class TaskManagerLossIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    static final int SAMPLES = 2;

    @Test
    void losingATaskManagerMidRunLosesNothingAndDuplicatesNothing(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tm-loss-it");
        Path model = RandomCheckpoint.writeTiny(root.resolve("tiny"));
        Path out = root.resolve("out");
        String topic = "problems-tm-loss";
        KAFKA.createTopic(topic, 4);
        KAFKA.produce(topic, problems(0, 8));

        GenerationOptions options = GenerationOptions.builder().setKafka(KAFKA.bootstrapServers(), topic)
                .setModelDir(model).setOut(out).optRunId("tm-loss-" + System.nanoTime()).optSamples(SAMPLES)
                .optTemperature(1.0).optMaxNewTokens(8).optSlots(4).optParallelism(4)
                .optCheckpointInterval(Duration.ofMillis(300))
                .build();
        StreamExecutionEnvironment env = StreamingRuns.restartingEnvironment(10, Duration.ofMillis(200));

        JobClient client = GenerateJob.start(env, options);
        try {
            StreamingRuns.awaitCommitted(out, 8 * SAMPLES, client);
            // Mid-run: the first half is committed, the second half is not yet produced.
            cluster.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
            cluster.startTaskManager();
            KAFKA.produce(topic, problems(8, 16));
            StreamingRuns.awaitCommitted(out, 16 * SAMPLES, client);
            Thread.sleep(1500); // several more checkpoints: a duplicate would show up now
            assertThat(failureHistory(client)).as("the job failed over when its TaskManager was lost")
                    .contains("\"exceptionHistory\"").contains("\"exceptionName\"");
        } finally {
            if (!client.getJobExecutionResult().isDone()) {
                client.cancel().get(1, TimeUnit.MINUTES);
            }
        }

        List<Map<String, Object>> rows = ParquetFiles.query(out.resolve("solutions"),
                "SELECT problem_id, sample_index FROM {files}");
        assertThat(rows).hasSize(16 * SAMPLES);
        assertThat(rows.stream().map(r -> r.get("problem_id") + "#" + r.get("sample_index")).distinct())
                .hasSize(16 * SAMPLES);
    }

    private static List<byte[]> problems(int from, int to) {
        List<byte[]> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(("{\"id\":\"t" + i + "\",\"problem\":\"Add " + i + " and 1.\"}").getBytes(StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The failures the job recovered from, as Flink's REST API lists them ({@code /jobs/:id/exceptions}). */
    private static String failureHistory(JobClient client) throws Exception {
        int port = FLINK.getClientConfiguration().get(RestOptions.PORT);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/jobs/" + client.getJobID() + "/exceptions")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
