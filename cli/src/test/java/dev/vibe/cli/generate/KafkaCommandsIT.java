package dev.vibe.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.cli.Vibe;
import dev.vibe.pipeline.kafka.KafkaTopics;
import dev.vibe.schemas.Problem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vibe kafka start/status/stop} run a real broker in a child JVM; {@code vibe produce} loads a topic. */
class KafkaCommandsIT {

    @TempDir
    Path dir;

    /** Runs the CLI in-process and returns [exit status, stdout, or stdout and stderr when it failed]. */
    private static Object[] vibe(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            int status = Vibe.run(args);
            String text = captured.toString(StandardCharsets.UTF_8).strip();
            return new Object[] {status, status == 0 ? text : text + errors.toString(StandardCharsets.UTF_8).strip()};
        } finally {
            System.setOut(out);
            System.setErr(err);
            err.print(errors.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void startedBrokerAnswersTakesProducedProblemsAndStopEndsIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String brokerDir = dir.resolve("kafka").toString();
        Path problems = dir.resolve("set.jsonl");
        Files.write(problems, List.of(
                "{\"id\":\"a\",\"problem\":\"1+1?\",\"answer\":\"2\"}",
                "{\"id\":\"b\",\"problem\":\"2+2?\",\"answer\":\"4\",\"source\":\"toy\"}",
                "{\"id\":\"c\",\"problem\": oops",
                "{\"id\":\"d\",\"messages\":[{\"role\":\"user\",\"content\":\"3+3?\"}],\"kind\":\"math\"}"));
        Object[] stopped;
        try {
            Object[] started = vibe("kafka", "start", "--port", Integer.toString(port), "--dir", brokerDir);
            assertThat(started).containsExactly(0, "127.0.0.1:" + port);
            String bootstrap = "127.0.0.1:" + port;
            assertThat(KafkaTopics.clusterId(bootstrap, Duration.ofSeconds(10))).isNotBlank();
            assertThat((String) vibe("kafka", "status", "--dir", brokerDir)[1]).startsWith(bootstrap + " (pid ");
            assertThat((String) vibe("kafka", "start", "--port", Integer.toString(port), "--dir", brokerDir)[1])
                    .as("a second start is refused").contains("already running at " + bootstrap);

            Object[] produced = vibe("produce", "--kafka", bootstrap, "--topic", "problems", "--problems",
                    problems.toString(), "--format", "avro");
            assertThat(produced).containsExactly(0, "produced 3 problems to problems (1 invalid skipped)");
            assertThat(readAvroProblems(bootstrap, "problems")).extracting(Problem::getId)
                    .containsExactlyInAnyOrder("a", "b", "d");
        } finally {
            stopped = vibe("kafka", "stop", "--dir", brokerDir);
        }
        assertThat(stopped).containsExactly(0, "stopped");
        assertThat(vibe("kafka", "status", "--dir", brokerDir)).containsExactly(1, "not running");
        assertThat(KafkaTopics.clusterId("127.0.0.1:" + port, Duration.ofSeconds(3))).as("nothing answers").isNull();
    }

    private static List<Problem> readAvroProblems(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Problem> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    Problem problem = new SpecificDatumReader<>(Problem.class).read(null,
                            DecoderFactory.get().binaryDecoder(r.value(), null));
                    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(problem.getId());
                    out.add(problem);
                }
            }
        }
        return out;
    }
}
