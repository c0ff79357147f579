/** Where problems come from: bounded file sources (JSONL, Parquet incl. verl) and Kafka, as raw records to parse. */
package dev.vibe.pipeline.source;
