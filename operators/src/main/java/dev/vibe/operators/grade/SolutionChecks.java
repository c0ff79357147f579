package dev.vibe.operators.grade;

import dev.vibe.operators.parse.RawInput;
import dev.vibe.operators.parse.RejectCategory;
import dev.vibe.operators.parse.Rejections;
import dev.vibe.schemas.Rejected;
import dev.vibe.schemas.Solution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The grading job's intake: a Solution record is graded only when it is well-formed; otherwise it becomes a dead
 * letter ({@link Rejections#TAG}) with the reason, and the job goes on. Well-formed: it decodes (Kafka values are
 * Avro binary of the Solution schema, as {@code vibe generate} writes them), has a run id, a problem id and a
 * sample index ≥ 0, a completion, and a finish reason of stop, length or error.
 */
public final class SolutionChecks {

    private static final Set<String> FINISH_REASONS = Set.of("stop", "length", "error");

    private SolutionChecks() {
    }

    /** What is wrong with {@code s}, or empty when it can be graded. */
    public static Optional<String> problem(Solution s) {
        if (s.getRunId() == null || s.getRunId().isBlank()) {
            return Optional.of("run_id is blank");
        }
        if (s.getProblemId() == null || s.getProblemId().isBlank()) {
            return Optional.of("problem_id is blank");
        }
        if (s.getSampleIndex() < 0) {
            return Optional.of("sample_index is negative (" + s.getSampleIndex() + ")");
        }
        if (s.getCompletion() == null) {
            return Optional.of("completion is missing");
        }
        if (s.getFinishReason() == null || !FINISH_REASONS.contains(s.getFinishReason())) {
            return Optional.of("finish_reason '" + s.getFinishReason() + "' is not stop, length or error");
        }
        return Optional.empty();
    }

    /** Kafka values (Avro binary) → Solutions; undecodable or invalid records → dead letters. */
    public static final class Decode extends ProcessFunction<RawInput, Solution> {
        private static final long serialVersionUID = 1L;

        private final String runId;
        private transient SpecificDatumReader<Solution> reader;
        private transient BinaryDecoder decoder;

        /** @param runId the run named in the dead letters (the grading job's) */
        public Decode(String runId) {
            this.runId = Objects.requireNonNull(runId, "runId");
        }

        @Override
        public void processElement(RawInput in, Context ctx, Collector<Solution> out) {
            if (reader == null) {
                reader = new SpecificDatumReader<>(Solution.class);
            }
            Solution s;
            try {
                if (in.bytes == null || in.bytes.length == 0) {
                    throw new IOException("empty record");
                }
                decoder = DecoderFactory.get().binaryDecoder(in.bytes, decoder);
                s = reader.read(null, decoder);
                if (!decoder.isEnd()) {
                    throw new IOException("bytes left after the record (not one Solution)");
                }
            } catch (IOException | RuntimeException e) {
                ctx.output(Rejections.TAG, Rejections.of(RejectCategory.MALFORMED,
                        "malformed Solution record (expected Avro binary of the Solution schema): " + e.getMessage(),
                        in.bytes, in.origin, null, runId));
                return;
            }
            emitIfValid(s, in.bytes, in.origin, runId, ctx, out);
        }
    }

    /** Solutions read from Parquet: invalid ones → dead letters (original = the record as JSON text). */
    public static final class Validate extends ProcessFunction<Solution, Solution> {
        private static final long serialVersionUID = 1L;

        private final String runId;

        public Validate(String runId) {
            this.runId = Objects.requireNonNull(runId, "runId");
        }

        @Override
        public void processElement(Solution s, Context ctx, Collector<Solution> out) {
            byte[] original = GenericData.get().toString(s).getBytes(StandardCharsets.UTF_8);
            emitIfValid(s, original, "solution " + s.getProblemId() + "#" + s.getSampleIndex(), runId, ctx, out);
        }
    }

    private static void emitIfValid(Solution s, byte[] original, String origin, String runId,
            ProcessFunction<?, Solution>.Context ctx, Collector<Solution> out) {
        Optional<String> problem = problem(s);
        if (problem.isPresent()) {
            ctx.output(Rejections.TAG, Rejections.of(RejectCategory.INVALID_FIELD,
                    "invalid Solution record: " + problem.get(), original, origin, s.getProblemId(), runId));
        } else {
            out.collect(s);
        }
    }
}
