package dev.vibe.pipeline.source;

import dev.vibe.schemas.Solution;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.avro.specific.SpecificData;

/**
 * Solution rows of the Parquet files {@code vibe generate} writes, for a Flink {@code FileSource} (queue's grading
 * job). Written here rather than taken from {@code AvroParquetReaders}: that one builds a Hadoop
 * {@code Configuration}, which keeps the first job's user class loader in a static field, and a second job in the
 * same JVM then fails with "Trying to access closed classloader". Files are not split; after a restore the source
 * skips the rows already emitted itself (no offsets of ours).
 */
public final class SolutionParquetFormat implements StreamFormat<Solution> {

    private static final long serialVersionUID = 1L;

    @Override
    public Reader<Solution> createReader(Configuration config, FSDataInputStream stream, long fileLen, long splitEnd)
            throws IOException {
        ParquetReader<Solution> reader = AvroParquetReader.<Solution>builder(new ParquetInputFile(stream, fileLen),
                        new PlainParquetConfiguration())
                .withDataModel(SpecificData.getForClass(Solution.class)).build();
        return new Reader<>() {
            @Override
            public Solution read() throws IOException {
                return reader.read();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    @Override
    public Reader<Solution> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset,
            long fileLen, long splitEnd) throws IOException {
        return createReader(config, stream, fileLen, splitEnd);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Solution> getProducedType() {
        return new AvroTypeInfo<>(Solution.class);
    }
}
