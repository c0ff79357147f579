/**
 * Where results go: ZSTD Parquet per run through Flink's exactly-once {@code FileSink}, Kafka topics for solutions
 * and dead letters, and the resume set of samples already written.
 */
package dev.vibe.pipeline.sink;
