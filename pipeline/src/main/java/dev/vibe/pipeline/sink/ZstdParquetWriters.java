package dev.vibe.pipeline.sink;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet writers for generated Avro records, ZSTD compressed: Flink's {@code AvroParquetWriters} leaves the codec
 * at UNCOMPRESSED and offers no way to set it.
 */
public final class ZstdParquetWriters {

    private ZstdParquetWriters() {
    }

    /** A ZSTD Parquet writer factory for records of {@code type}, with its logical types (timestamps) kept. */
    public static <T extends SpecificRecordBase> ParquetWriterFactory<T> forSpecificRecord(Class<T> type) {
        String schema = SpecificData.get().getSchema(type).toString();
        return new ParquetWriterFactory<>(out -> AvroParquetWriter.<T>builder(out)
                .withSchema(new org.apache.avro.Schema.Parser().parse(schema))
                .withDataModel(SpecificData.getForClass(type))
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .build());
    }
}
