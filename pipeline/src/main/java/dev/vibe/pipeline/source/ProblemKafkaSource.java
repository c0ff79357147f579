package dev.vibe.pipeline.source;

import dev.vibe.operators.parse.RawInput;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A Flink {@link KafkaSource} of problems: every record's value becomes a {@link RawInput} unchanged (JSON or Avro is
 * decided by the parser), with origin {@code kafka:<topic>/<partition>@<offset>}. A null value (tombstone) becomes an
 * empty record, which the parser dead-letters.
 *
 * <p>Offsets: the group's committed offsets, else the earliest; they are committed on checkpoints. Bounded mode stops
 * at the end offsets seen when the job starts (for "process what is there now" runs, BATCH or STREAMING).
 */
public final class ProblemKafkaSource {

    /** Default consumer group id. */
    public static final String DEFAULT_GROUP_ID = "vibe-generate";

    private ProblemKafkaSource() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String bootstrapServers;
        private String topic;
        private String groupId = DEFAULT_GROUP_ID;
        private boolean bounded;
        private OffsetsInitializer startingOffsets = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        private final Properties properties = new Properties();

        /** Required: {@code host:port[,host:port]}. */
        public Builder setBootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        /** Required: the input topic. */
        public Builder setTopic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Consumer group; default {@value #DEFAULT_GROUP_ID}. */
        public Builder optGroupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /** Stop at the end offsets of the topic as they are when the job starts; default unbounded. */
        public Builder optBounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        /** Where to start when the group has no committed offset; default committed, else earliest. */
        public Builder optStartingOffsets(OffsetsInitializer offsets) {
            this.startingOffsets = Objects.requireNonNull(offsets, "offsets");
            return this;
        }

        /** Any Kafka consumer property (e.g. security settings). */
        public Builder optProperty(String key, String value) {
            properties.setProperty(key, value);
            return this;
        }

        public KafkaSource<RawInput> build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("Kafka bootstrap servers are required");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("a Kafka topic is required");
            }
            KafkaSourceBuilder<RawInput> b = KafkaSource.<RawInput>builder()
                    .setBootstrapServers(bootstrapServers)
                    .setTopics(topic)
                    .setGroupId(groupId)
                    .setStartingOffsets(startingOffsets)
                    .setDeserializer(new RawValues())
                    .setProperties(properties);
            if (bounded) {
                b.setBounded(OffsetsInitializer.latest());
            }
            return b.build();
        }
    }

    /** Values as they are, plus where they were read. */
    static final class RawValues implements KafkaRecordDeserializationSchema<RawInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawInput> out) {
            byte[] value = record.value() == null ? new byte[0] : record.value();
            out.collect(new RawInput(value, origin(record.topic(), record.partition(), record.offset()), null));
        }

        @Override
        public TypeInformation<RawInput> getProducedType() {
            return TypeInformation.of(RawInput.class);
        }
    }

    /** {@code kafka:<topic>/<partition>@<offset>}. */
    public static String origin(String topic, int partition, long offset) {
        return "kafka:" + topic + "/" + partition + "@" + offset;
    }
}
