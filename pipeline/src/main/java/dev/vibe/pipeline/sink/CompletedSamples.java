package dev.vibe.pipeline.sink;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * The (problem_id, sample_index) pairs an output folder already holds, so a rerun skips them.
 *
 * <p>Read from the committed files of every run under {@code <out>/solutions/} (hidden in-progress files of a crashed
 * run are ignored: their rows were never committed and will be redone). A row counts as done when its
 * {@code finish_reason} is {@code stop} or {@code length}; {@code error} rows are retried, because an error is usually
 * transient (out of memory, a killed worker) and the rerun is the user's way to fill those gaps. Readers of the
 * output should therefore prefer a non-error row when a pair appears twice.
 *
 * <p>Compact (a bit set per problem: ~100 KB for 10,000 problems × 64 samples) and serializable, so it can travel in
 * a function's constructor.
 */
public final class CompletedSamples implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Schema PROJECTION = SchemaBuilder.record("Solution").namespace("dev.vibe.schemas").fields()
            .requiredString("problem_id").requiredInt("sample_index").requiredString("finish_reason").endRecord();

    private final Map<String, BitSet> done;
    private final long rowsRead;

    private CompletedSamples(Map<String, BitSet> done, long rowsRead) {
        this.done = done;
        this.rowsRead = rowsRead;
    }

    /** Nothing done (a fresh output folder). */
    public static CompletedSamples empty() {
        return new CompletedSamples(new HashMap<>(), 0);
    }

    /** The finished samples under {@code <outDir>/solutions/}; empty when that folder does not exist yet. */
    public static CompletedSamples load(String outDir) {
        Path solutions = new Path(outDir, ParquetSinks.SOLUTIONS_DIR);
        Map<String, BitSet> done = new HashMap<>();
        long[] rows = {0};
        try {
            FileSystem fs = solutions.getFileSystem();
            if (fs.exists(solutions)) {
                collect(fs, solutions, done, rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read finished samples under " + solutions + ": " + e.getMessage(), e);
        }
        return new CompletedSamples(done, rows[0]);
    }

    private static void collect(FileSystem fs, Path dir, Map<String, BitSet> done, long[] rows) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (s.isDir()) {
                collect(fs, s.getPath(), done, rows);
            } else if (name.endsWith(".parquet")) {
                read(fs, s, done, rows);
            }
        }
    }

    private static void read(FileSystem fs, FileStatus file, Map<String, BitSet> done, long[] rows) throws IOException {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, PROJECTION.toString());
        try (FSDataInputStream in = fs.open(file.getPath());
                ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                        new ParquetInputFile(in, file.getLen()), conf).withDataModel(GenericData.get()).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                rows[0]++;
                String reason = String.valueOf(r.get("finish_reason"));
                if ("stop".equals(reason) || "length".equals(reason)) {
                    done.computeIfAbsent(String.valueOf(r.get("problem_id")), k -> new BitSet())
                            .set((Integer) r.get("sample_index"));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read " + file.getPath() + ": " + e.getMessage(), e);
        }
    }

    /** True when sample {@code sampleIndex} of {@code problemId} is already written with stop or length. */
    public boolean contains(String problemId, int sampleIndex) {
        BitSet samples = done.get(problemId);
        return samples != null && sampleIndex >= 0 && samples.get(sampleIndex);
    }

    /** Number of finished (problem, sample) pairs. */
    public long size() {
        return done.values().stream().mapToLong(BitSet::cardinality).sum();
    }

    /** Problems with at least one finished sample. */
    public Set<String> problemIds() {
        return java.util.Collections.unmodifiableSet(done.keySet());
    }

    /** Solution rows read (finished, error and repeated ones alike). */
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public String toString() {
        return "CompletedSamples{" + size() + " samples of " + done.size() + " problems}";
    }
}
