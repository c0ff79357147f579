package dev.vibe.pipeline.source;

import dev.vibe.operators.parse.DedupeByIdFunction;
import dev.vibe.operators.parse.ParseProblemFunction;
import dev.vibe.operators.parse.ProblemParser;
import dev.vibe.operators.parse.RawInput;
import dev.vibe.operators.parse.Rejections;
import dev.vibe.schemas.Problem;
import dev.vibe.schemas.Rejected;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Raw records → parsed, validated, de-duplicated problems, plus every dead letter of those steps. Every input is in
 * exactly one of the two streams.
 *
 * @param problems valid problems, the first of every id
 * @param rejected malformed, invalid and duplicate records, with reasons and original bytes
 */
public record ProblemIntake(DataStream<Problem> problems, DataStream<Rejected> rejected) {

    /** Parses {@code raw} with {@code parser} and drops later duplicates of an id, for run {@code runId}. */
    public static ProblemIntake of(DataStream<RawInput> raw, ProblemParser parser, String runId) {
        SingleOutputStreamOperator<Problem> parsed = raw
                .process(new ParseProblemFunction(parser, runId), new AvroTypeInfo<>(Problem.class))
                .name("parse problems").uid("parse-problems");
        SingleOutputStreamOperator<Problem> unique = parsed
                .keyBy(Problem::getId)
                .process(new DedupeByIdFunction(runId), new AvroTypeInfo<>(Problem.class))
                .name("dedupe problem ids").uid("dedupe-problem-ids");
        DataStream<Rejected> rejected = parsed.getSideOutput(Rejections.TAG)
                .union(unique.getSideOutput(Rejections.TAG));
        return new ProblemIntake(unique, rejected);
    }
}
