package dev.vibe.operators.parse;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input record exactly as read, before parsing: the bytes and where they came from.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it is serialized without Kryo.
 */
public class RawInput {

    /** The record as read: a JSONL line without its newline, a Kafka value, a Parquet row rendered as JSON. */
    public byte[] bytes;
    /** {@code file:<path>:<line>}, {@code file:<path>#<row>} or {@code kafka:<topic>/<partition>@<offset>}. */
    public String origin;
    /** Dataset name to use when the record names none (the file's stem), or null. */
    public String sourceHint;

    public RawInput() {
    }

    public RawInput(byte[] bytes, String origin, String sourceHint) {
        this.bytes = bytes;
        this.origin = origin;
        this.sourceHint = sourceHint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawInput r && Arrays.equals(bytes, r.bytes) && Objects.equals(origin, r.origin)
                && Objects.equals(sourceHint, r.sourceHint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), origin, sourceHint);
    }

    @Override
    public String toString() {
        return "RawInput{" + origin + ", " + (bytes == null ? 0 : bytes.length) + " bytes}";
    }
}
