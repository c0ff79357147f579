/** Kafka administration for users: topics, and a local single-node broker run from the Maven artifacts. */
package dev.vibe.pipeline.kafka;
