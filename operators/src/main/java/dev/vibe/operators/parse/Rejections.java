package dev.vibe.operators.parse;

import dev.vibe.schemas.Rejected;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** The dead-letter side output shared by every operator that rejects input, and the factory of its records. */
public final class Rejections {

    /** Side output of rejected inputs; every rejecting function of the flow emits here. */
    public static final OutputTag<Rejected> TAG = new OutputTag<>("rejected", new AvroTypeInfo<>(Rejected.class));

    private Rejections() {
    }

    /** A dead letter for {@code original} (kept as is; null becomes empty). */
    public static Rejected of(RejectCategory category, String reason, byte[] original, String origin,
            String problemId, String runId) {
        return Rejected.newBuilder()
                .setCategory(category.wireName())
                .setReason(oneLine(reason))
                .setOriginal(ByteBuffer.wrap(original == null ? new byte[0] : original))
                .setOrigin(origin == null ? "" : origin)
                .setProblemId(problemId)
                .setRejectedAt(Instant.now())
                .setRunId(runId)
                .build();
    }

    /** A dead letter for a raw input that failed to parse. */
    public static Rejected of(InvalidProblemException e, RawInput input, String runId) {
        return of(e.category(), e.getMessage(), input.bytes, input.origin, e.problemId(), runId);
    }

    private static String oneLine(String reason) {
        String r = reason == null ? "unknown error" : reason.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return r.length() <= 500 ? r : r.substring(0, 497) + "...";
    }
}
