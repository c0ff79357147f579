package dev.vibe.cli.generate;

import dev.vibe.cli.Common;
import dev.vibe.cli.Progress;
import dev.vibe.operators.parse.InvalidProblemException;
import dev.vibe.operators.parse.ProblemCodec;
import dev.vibe.operators.parse.ProblemParser;
import dev.vibe.operators.parse.RawInput;
import dev.vibe.operators.parse.ValueFormat;
import dev.vibe.pipeline.kafka.KafkaTopics;
import dev.vibe.pipeline.source.ProblemFileFormat;
import dev.vibe.pipeline.source.ProblemFileSource;
import dev.vibe.schemas.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vibe produce}: loads a problem set (JSONL or Parquet, verl layout included; a file or a folder) into a Kafka
 * topic, one record per problem keyed by its id, as plain JSON or Avro binary. Records that do not parse are not
 * sent: they are counted and the first reasons printed (the same parser the job uses decides).
 */
@Command(name = "produce", description = "Load a problem set (JSONL/Parquet file or folder) into a Kafka topic.")
public final class ProduceCommand implements Callable<Integer> {

    private static final int SHOWN_ERRORS = 5;

    @Mixin
    Common common;

    @Option(names = "--kafka", required = true, description = "Bootstrap servers, e.g. 127.0.0.1:9092.")
    String bootstrap;

    @Option(names = "--topic", required = true, description = "Topic; created when missing.")
    String topic;

    @Option(names = "--problems", required = true, description = "A .jsonl / .parquet file or a folder of them.")
    String problems;

    @Option(names = "--format", defaultValue = "json", description = "Value format: json or avro (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of a topic created here (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        ValueFormat valueFormat = ValueFormat.of(format);
        if (valueFormat == ValueFormat.AUTO) {
            throw new IllegalArgumentException("--format must be json or avro");
        }
        List<Path> files = ProblemFileSource.files(problems);
        long total = count(files);
        if (KafkaTopics.ensure(bootstrap, topic, partitions)) {
            System.err.println("vibe produce: created topic " + topic + " (" + partitions + " partitions)");
        }
        ProblemParser parser = new ProblemParser(ValueFormat.AUTO);
        long sent = 0;
        List<String> errors = new ArrayList<>();
        long invalid = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig());
                ProgressBar bar = Progress.bar("produce " + topic, total, "problems")) {
            List<Future<?>> pending = new ArrayList<>();
            for (Path file : files) {
                try (ProblemFileFormat.RecordFile records = ProblemFileFormat.open(file, ProblemParser.DEFAULT_MAX_BYTES)) {
                    while (records.hasNext()) {
                        RawInput raw = records.next();
                        bar.step();
                        Problem p;
                        try {
                            p = parser.parse(raw);
                        } catch (InvalidProblemException e) {
                            if (invalid++ < SHOWN_ERRORS) {
                                errors.add(raw.origin + ": " + e.getMessage());
                            }
                            continue;
                        }
                        p.setOrigin("");
                        byte[] value = valueFormat == ValueFormat.AVRO ? ProblemCodec.toAvro(p) : ProblemCodec.toJson(p);
                        pending.add(producer.send(new ProducerRecord<>(topic, p.getId().getBytes(StandardCharsets.UTF_8), value)));
                        sent++;
                        if (pending.size() >= 10_000) {
                            await(pending);
                        }
                    }
                }
            }
            producer.flush();
            await(pending);
        }
        errors.forEach(e -> System.err.println("vibe produce: skipped " + e));
        if (invalid > errors.size()) {
            System.err.println("vibe produce: ... and " + (invalid - errors.size()) + " more invalid records");
        }
        System.out.println("produced " + sent + " problems to " + topic + (invalid > 0 ? " (" + invalid + " invalid skipped)" : ""));
        return 0;
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        return p;
    }

    private static void await(List<Future<?>> pending) throws Exception {
        for (Future<?> f : pending) {
            f.get(90, TimeUnit.SECONDS);
        }
        pending.clear();
    }

    /** Records in the files (a first, cheap pass, so the progress bar has a total). */
    private static long count(List<Path> files) throws Exception {
        long n = 0;
        for (Path file : files) {
            try (ProblemFileFormat.RecordFile records = ProblemFileFormat.open(file, ProblemParser.DEFAULT_MAX_BYTES)) {
                while (records.hasNext()) {
                    records.next();
                    n++;
                }
            }
        }
        return n;
    }
}
