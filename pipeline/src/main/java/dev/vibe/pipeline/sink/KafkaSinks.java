package dev.vibe.pipeline.sink;

import dev.vibe.schemas.Grade;
import dev.vibe.schemas.Rejected;
import dev.vibe.schemas.Solution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Kafka outputs: solutions (for a streaming grading queue) and dead letters ({@code <input topic>.dlq}).
 *
 * <p>Delivery: {@link DeliveryGuarantee#AT_LEAST_ONCE} by default (flushed on every checkpoint; after a restart a
 * record may appear twice, and consumers dedupe by key: (problem_id, sample_index) for solutions, origin for dead
 * letters). {@link DeliveryGuarantee#EXACTLY_ONCE} uses Kafka transactions committed on checkpoints: consumers must
 * read with {@code isolation.level=read_committed}, records become visible only at checkpoints, and the broker needs
 * {@code transaction.state.log.replication.factor} no larger than its size.
 */
public final class KafkaSinks {

    /** Suffix of the default dead-letter topic: {@code <input topic>.dlq}. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Dead-letter headers (UTF-8 text values). */
    public static final String HEADER_REASON = "vibe.reason";
    public static final String HEADER_CATEGORY = "vibe.category";
    public static final String HEADER_ORIGIN = "vibe.origin";
    public static final String HEADER_RUN_ID = "vibe.run_id";
    public static final String HEADER_REJECTED_AT = "vibe.rejected_at";

    /** How solution values are encoded. */
    public enum ValueEncoding {
        /** Avro binary of the {@code Solution} schema (no header): compact, typed. */
        AVRO,
        /** A plain JSON object per record ({@link RecordJson}). */
        JSON;

        public static ValueEncoding of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown encoding '" + name + "' (expected avro or json)");
            }
        }
    }

    private KafkaSinks() {
    }

    /** The default dead-letter topic of an input topic. */
    public static String dlqTopic(String inputTopic) {
        return inputTopic + DLQ_SUFFIX;
    }

    /**
     * Dead letters: value = the original bytes exactly, key = the problem id when known, headers = reason, category,
     * origin, run id and time.
     */
    public static KafkaSink<Rejected> deadLetters(String bootstrapServers, String topic, DeliveryGuarantee guarantee) {
        return sink(bootstrapServers, guarantee, "vibe-dlq-" + topic, (Rejected r, KafkaSinkContext ctx, Long ts) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(HEADER_REASON, utf8(r.getReason()));
            headers.add(HEADER_CATEGORY, utf8(r.getCategory()));
            headers.add(HEADER_ORIGIN, utf8(r.getOrigin()));
            headers.add(HEADER_RUN_ID, utf8(r.getRunId()));
            headers.add(HEADER_REJECTED_AT, utf8(String.valueOf(r.getRejectedAt())));
            ByteBuffer original = r.getOriginal().duplicate();
            byte[] value = new byte[original.remaining()];
            original.get(value);
            byte[] key = r.getProblemId() == null ? null : utf8(r.getProblemId());
            return new ProducerRecord<>(topic, null, null, key, value, headers);
        });
    }

    /** Solutions keyed by problem id (a problem's samples share a partition), as Avro binary or JSON. */
    public static KafkaSink<Solution> solutions(String bootstrapServers, String topic, ValueEncoding encoding,
            DeliveryGuarantee guarantee) {
        Objects.requireNonNull(encoding, "encoding");
        return sink(bootstrapServers, guarantee, "vibe-solutions-" + topic, (Solution s, KafkaSinkContext ctx, Long ts) ->
                new ProducerRecord<>(topic, utf8(s.getProblemId()),
                        encoding == ValueEncoding.AVRO ? avro(s) : RecordJson.toBytes(s)));
    }

    /** Grades (Avro binary of the {@code Grade} schema, no header) keyed by problem id (queue's grading job). */
    public static KafkaSink<Grade> grades(String bootstrapServers, String topic, DeliveryGuarantee guarantee) {
        return sink(bootstrapServers, guarantee, "vibe-grades-" + topic, (Grade g, KafkaSinkContext ctx, Long ts) ->
                new ProducerRecord<>(topic, utf8(g.getProblemId()), avro(g)));
    }

    /** Avro binary of a solution, as the {@link ValueEncoding#AVRO} sink writes it. */
    public static byte[] avro(Solution s) {
        return avroBinary(s);
    }

    /** Avro binary of a grade, as {@link #grades} writes it. */
    public static byte[] avro(Grade g) {
        return avroBinary(g);
    }

    private static byte[] avroBinary(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            // the class's own model carries its logical-type conversions (timestamps as Instant)
            new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForClass(record.getClass()))
                    .write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> KafkaSink<T> sink(String bootstrapServers, DeliveryGuarantee guarantee, String txPrefix,
            KafkaRecordSerializationSchema<T> schema) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
        Properties props = new Properties();
        // Transactions must outlive a checkpoint interval; the broker's default maximum is 15 minutes.
        props.setProperty("transaction.timeout.ms", "900000");
        KafkaSinkBuilder<T> b = KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(Objects.requireNonNull(guarantee, "guarantee"))
                .setKafkaProducerConfig(props);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            b.setTransactionalIdPrefix(txPrefix.replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        return b.build();
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
