package dev.vibe.pipeline.sink;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/** Puts every record in the folder {@code run=<run_id>} (Hive-style, so DuckDB/Spark see {@code run} as a column). */
public final class RunBucketAssigner<T extends SpecificRecord> implements BucketAssigner<T, String> {

    private static final long serialVersionUID = 1L;

    /** The Avro field every partitioned record carries. */
    public static final String RUN_FIELD = "run_id";

    @Override
    public String getBucketId(T element, Context context) {
        Object run = element.get(element.getSchema().getField(RUN_FIELD).pos());
        return "run=" + run;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
