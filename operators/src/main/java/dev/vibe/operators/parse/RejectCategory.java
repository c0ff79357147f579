package dev.vibe.operators.parse;

import java.util.Locale;

/** Stable, machine-readable classes of dead letters ({@code Rejected.category}). */
public enum RejectCategory {
    /** Not JSON / not Avro / not an object / empty. */
    MALFORMED,
    /** Neither a {@code problem} statement nor a user message. */
    MISSING_STATEMENT,
    /** {@code kind} is not math or code. */
    UNKNOWN_KIND,
    /** A field has the wrong type or an invalid value (e.g. a blank id). */
    INVALID_FIELD,
    /** The record is larger than the parser accepts. */
    TOO_LARGE,
    /** Another record with the same id was seen first. */
    DUPLICATE_ID,
    /** The rendered prompt does not fit the model's context (raised after tokenization). */
    PROMPT_TOO_LONG,
    /** Anything else. */
    OTHER;

    /** The lower-case name stored in {@code Rejected.category}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
