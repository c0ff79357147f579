package dev.vibe.operators.parse;

import dev.vibe.schemas.Problem;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses raw records into problems; what cannot be parsed goes to {@link Rejections#TAG} with its reason and its
 * original bytes, so every input ends up either in the main output or in the side output.
 */
public class ParseProblemFunction extends ProcessFunction<RawInput, Problem> {

    private static final long serialVersionUID = 1L;

    private final ProblemParser parser;
    private final String runId;

    public ParseProblemFunction(ProblemParser parser, String runId) {
        this.parser = java.util.Objects.requireNonNull(parser, "parser");
        this.runId = java.util.Objects.requireNonNull(runId, "runId");
    }

    @Override
    public void processElement(RawInput input, Context ctx, Collector<Problem> out) {
        try {
            out.collect(parser.parse(input));
        } catch (InvalidProblemException e) {
            ctx.output(Rejections.TAG, Rejections.of(e, input, runId));
        }
    }
}
