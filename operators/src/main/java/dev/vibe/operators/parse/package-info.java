/**
 * Turning raw input records (JSONL lines, Parquet rows, Kafka values) into validated {@link dev.vibe.schemas.Problem}s,
 * with everything that cannot be used sent to a dead-letter side output as {@link dev.vibe.schemas.Rejected}.
 */
package dev.vibe.operators.parse;
