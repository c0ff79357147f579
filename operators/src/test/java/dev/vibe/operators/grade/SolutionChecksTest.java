package dev.vibe.operators.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.operators.parse.RawInput;
import dev.vibe.operators.parse.Rejections;
import dev.vibe.schemas.Rejected;
import dev.vibe.schemas.Solution;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The intake: Avro Solutions pass, anything else becomes a dead letter with the reason and the original bytes. */
class SolutionChecksTest {

    @Test
    void decodesAvroSolutionsAndDeadLettersEverythingElse() throws Exception {
        Solution ok = SolutionGraderTest.math("1", "$\\boxed{1}$", "stop");
        Solution negative = SolutionGraderTest.math("1", "x", "stop");
        negative.setSampleIndex(-2);
        byte[] garbage = "{\"problem_id\": \"p\"}".getBytes(StandardCharsets.UTF_8);
        byte[] tooLong = concat(avro(ok), new byte[] {1, 2, 3});

        try (OneInputStreamOperatorTestHarness<RawInput, Solution> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new SolutionChecks.Decode("g1"))) {
            h.processElement(new RawInput(avro(ok), "kafka:s/0@0", null), 0);
            h.processElement(new RawInput(garbage, "kafka:s/0@1", null), 0);
            h.processElement(new RawInput(avro(negative), "kafka:s/0@2", null), 0);
            h.processElement(new RawInput(tooLong, "kafka:s/0@3", null), 0);
            h.processElement(new RawInput(new byte[0], "kafka:s/0@4", null), 0);

            assertThat(h.extractOutputValues()).containsExactly(ok);
            List<Rejected> dead = new ArrayList<>();
            h.getSideOutput(Rejections.TAG).stream().map(StreamRecord::getValue).forEach(dead::add);
            assertThat(dead).extracting(Rejected::getOrigin)
                    .containsExactly("kafka:s/0@1", "kafka:s/0@2", "kafka:s/0@3", "kafka:s/0@4");
            assertThat(dead.get(0).getReason()).startsWith("malformed Solution record");
            assertThat(dead.get(0).getOriginal().array()).isEqualTo(garbage);
            assertThat(dead.get(1).getReason()).isEqualTo("invalid Solution record: sample_index is negative (-2)");
            assertThat(dead.get(1).getProblemId()).isEqualTo("m");
            assertThat(dead.get(2).getReason()).contains("bytes left after the record");
            assertThat(dead.get(3).getReason()).contains("empty record");
            assertThat(dead).allSatisfy(r -> assertThat(r.getRunId()).isEqualTo("g1"));
        }
    }

    @Test
    void findsWhatIsWrongWithARecord() {
        Solution s = SolutionGraderTest.math("1", "x", "stop");
        assertThat(SolutionChecks.problem(s)).isEmpty();
        s.setFinishReason("eos");
        assertThat(SolutionChecks.problem(s)).contains("finish_reason 'eos' is not stop, length or error");
        s.setFinishReason("stop");
        s.setProblemId(" ");
        assertThat(SolutionChecks.problem(s)).contains("problem_id is blank");
    }

    private static byte[] avro(Solution s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<Solution>(Solution.getClassSchema(), SpecificData.getForClass(Solution.class))
                .write(s, e);
        e.flush();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
