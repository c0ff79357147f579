package dev.vibe.pipeline.source;

import dev.vibe.operators.parse.RawInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * The rows of a Parquet file of any schema (plain problem columns or verl/rllm), each rendered as a JSON object by
 * Avro's {@link GenericData#toString}, so one parser handles JSONL, Parquet and Kafka JSON alike.
 */
final class ParquetRows implements ProblemFileFormat.RecordFile {

    private final ParquetReader<GenericRecord> reader;
    private final String label;
    private final String stem;
    private long row;
    private GenericRecord next;
    private boolean done;

    ParquetRows(FSDataInputStream in, long length, String label, String stem) throws IOException {
        this.reader = AvroParquetReader.<GenericRecord>builder(new ParquetInputFile(in, length),
                new PlainParquetConfiguration()).withDataModel(GenericData.get()).build();
        this.label = label;
        this.stem = stem;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = reader.read();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + label + " row " + row + ": " + e.getMessage(), e);
            }
            done = next == null;
        }
        return next != null;
    }

    @Override
    public RawInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String json = GenericData.get().toString(next);
        next = null;
        return new RawInput(json.getBytes(StandardCharsets.UTF_8), label + "#" + row++, stem);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
