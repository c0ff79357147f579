package dev.vibe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class SchemasTest {

    private static final List<Schema> ALL = List.of(ChatMessage.getClassSchema(), Problem.getClassSchema(),
            SolutionRequest.getClassSchema(), Solution.getClassSchema(), Rejected.getClassSchema(),
            Grade.getClassSchema());

    @Test
    void everyRecordAndFieldIsDocumented() {
        for (Schema schema : ALL) {
            assertThat(schema.getDoc()).as(schema.getName()).isNotBlank();
            for (Schema.Field field : schema.getFields()) {
                assertThat(field.doc()).as(schema.getName() + "." + field.name()).isNotBlank();
            }
        }
    }

    @Test
    void solutionRoundTripsThroughAvroBinaryWithTimestamps() throws IOException {
        Solution in = Solution.newBuilder().setRunId("r1").setProblemId("p1").setSampleIndex(3).setSeed(42L)
                .setSource("aime24").setKind("math").setPrompt("<|im_start|>user\n1+1<|im_end|>\n")
                .setCompletion("<think>easy</think>\\boxed{2}").setReasoning("easy").setResponse("\\boxed{2}")
                .setFinalAnswer("2").setReferenceAnswer("2").setFinishReason("stop").setPromptTokens(9)
                .setCompletionTokens(12).setModel("demo").setTemperature(0.6).setTopP(0.95).setTopK(0)
                .setMaxNewTokens(64).setStartedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setFinishedAt(Instant.ofEpochMilli(1_700_000_001_234L)).build();

        Solution out = roundTrip(in, Solution.class);

        assertThat(out).isEqualTo(in);
        assertThat(out.getFinishedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_001_234L));
        assertThat(out.getError()).isNull();
    }

    @Test
    void rejectedKeepsOriginalBytesExactly() throws IOException {
        byte[] raw = "{\"id\": \"x\", \"problem\": \u00e9".getBytes(StandardCharsets.ISO_8859_1);
        Rejected in = Rejected.newBuilder().setReason("malformed JSON").setCategory("malformed")
                .setOriginal(ByteBuffer.wrap(raw)).setOrigin("file:a.jsonl:3").setRunId("r")
                .setRejectedAt(Instant.ofEpochMilli(5)).build();

        Rejected out = roundTrip(in, Rejected.class);

        byte[] back = new byte[out.getOriginal().remaining()];
        out.getOriginal().get(back);
        assertThat(back).isEqualTo(raw);
    }

    private static <T extends SpecificRecordBase> T roundTrip(T record, Class<T> type) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<T>(type).write(record, encoder);
        encoder.flush();
        return new SpecificDatumReader<T>(type).read(null,
                DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
}
