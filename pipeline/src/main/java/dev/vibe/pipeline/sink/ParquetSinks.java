package dev.vibe.pipeline.sink;

import dev.vibe.schemas.Rejected;
import dev.vibe.schemas.Solution;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Exactly-once Parquet outputs: {@code <base>/run=<run_id>/part-<uuid>-<n>.parquet}, ZSTD.
 *
 * <p>Flink's {@link FileSink} writes a file under a hidden name ({@code .part-...inprogress...}) and renames it to
 * its final name only when the checkpoint that covers its rows completes (in BATCH mode: when the job ends), so
 * readers, {@link CompletedSamples} included, never see a half-written or uncommitted file, and a restart from a
 * checkpoint neither loses nor repeats rows. In STREAMING mode files are rolled on checkpoints: no checkpoints, no
 * files.
 */
public final class ParquetSinks {

    /** Folder of solutions under the output folder. */
    public static final String SOLUTIONS_DIR = "solutions";
    /** Folder of dead letters under the output folder. */
    public static final String REJECTED_DIR = "rejected";

    private ParquetSinks() {
    }

    /** {@code <out>/solutions/run=<run_id>/part-*.parquet}. */
    public static FileSink<Solution> solutions(String outDir) {
        return forRecords(Solution.class, new Path(outDir, SOLUTIONS_DIR));
    }

    /** {@code <out>/rejected/run=<run_id>/part-*.parquet}. */
    public static FileSink<Rejected> rejected(String outDir) {
        return forRecords(Rejected.class, new Path(outDir, REJECTED_DIR));
    }

    /** Any generated record with a {@code run_id} field, under {@code base/run=<run_id>/}. */
    public static <T extends SpecificRecordBase> FileSink<T> forRecords(Class<T> type, Path base) {
        if (SpecificData.get().getSchema(type).getField(RunBucketAssigner.RUN_FIELD) == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no run_id field to partition by");
        }
        return FileSink.forBulkFormat(base, ZstdParquetWriters.forSpecificRecord(type))
                .withBucketAssigner(new RunBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build())
                .build();
    }
}
