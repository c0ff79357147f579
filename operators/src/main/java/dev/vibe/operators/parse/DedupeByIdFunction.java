package dev.vibe.operators.parse;

import dev.vibe.schemas.Problem;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first problem of every id and dead-letters the later ones ({@link RejectCategory#DUPLICATE_ID}).
 * Use on a stream keyed by {@code Problem.id}; the keyed state (the first origin) is checkpointed, so a restart
 * neither forgets an id nor lets a duplicate through. Works in BATCH mode too.
 *
 * <p>The duplicate's parsed content is what reaches the dead letter (re-encoded by {@link ProblemCodec#toJson},
 * which the parser reads back); its {@code origin} points at the original bytes.
 */
public class DedupeByIdFunction extends KeyedProcessFunction<String, Problem, Problem> {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private transient ValueState<String> firstOrigin;

    public DedupeByIdFunction(String runId) {
        this.runId = java.util.Objects.requireNonNull(runId, "runId");
    }

    @Override
    public void open(OpenContext openContext) {
        firstOrigin = getRuntimeContext().getState(new ValueStateDescriptor<>("first-origin", Types.STRING));
    }

    @Override
    public void processElement(Problem problem, Context ctx, Collector<Problem> out) throws Exception {
        String first = firstOrigin.value();
        if (first == null) {
            firstOrigin.update(problem.getOrigin() == null ? "" : problem.getOrigin());
            out.collect(problem);
            return;
        }
        ctx.output(Rejections.TAG, Rejections.of(RejectCategory.DUPLICATE_ID,
                "duplicate id \"" + problem.getId() + "\" (first seen at " + first + ")",
                ProblemCodec.toJson(problem), problem.getOrigin(), problem.getId(), runId));
    }
}
