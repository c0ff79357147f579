package dev.vibe.operators.parse;

import java.util.Locale;

/** How a raw record's bytes encode a problem. */
public enum ValueFormat {
    /** A JSON object (the JSONL fields, or a verl/rllm row). */
    JSON,
    /** Avro binary of the {@link dev.vibe.schemas.Problem} schema (no container header, no schema-registry prefix). */
    AVRO,
    /**
     * Per record: JSON when the first non-blank byte is '{' or '[', Avro otherwise. Unambiguous because a valid
     * Avro {@code Problem} starts with the zig-zag length of its id, and both bytes are odd, i.e. negative lengths.
     */
    AUTO;

    /** Parses {@code json}, {@code avro} or {@code auto}, case-insensitively. */
    public static ValueFormat of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown value format '" + name + "' (expected json, avro or auto)");
        }
    }
}
