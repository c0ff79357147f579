package dev.vibe.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.pipeline.testing.TestSolutions;
import dev.vibe.schemas.ChatMessage;
import dev.vibe.schemas.Problem;
import dev.vibe.schemas.Rejected;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    @Test
    void solutionBecomesPlainJsonWithNullsMillisAndEveryField() throws Exception {
        Problem p = Problem.newBuilder().setId("p1").setMessages(List.of(new ChatMessage("user", "Q?")))
                .setAnswer("7").setKind("math").setSource("s").setOrigin("").build();

        JsonNode json = new ObjectMapper().readTree(RecordJson.toBytes(TestSolutions.of(p, 3, "r", "stop")));

        assertThat(json.get("problem_id").asText()).isEqualTo("p1");
        assertThat(json.get("sample_index").asInt()).isEqualTo(3);
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.get("final_answer").asText()).isEqualTo("7");
        assertThat(json.get("started_at").asLong()).isEqualTo(1000L);
        assertThat(json.get("temperature").asDouble()).isEqualTo(0.0);
        assertThat(json.size()).isEqualTo(dev.vibe.schemas.Solution.getClassSchema().getFields().size());
    }

    @Test
    void bytesAreBase64() throws Exception {
        Rejected r = Rejected.newBuilder().setReason("x").setCategory("malformed")
                .setOriginal(ByteBuffer.wrap("{oops".getBytes(StandardCharsets.UTF_8))).setOrigin("o").setRunId("r")
                .setRejectedAt(Instant.ofEpochMilli(5)).build();

        JsonNode json = new ObjectMapper().readTree(RecordJson.toBytes(r));

        assertThat(json.get("original").binaryValue()).isEqualTo("{oops".getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("problem_id").isNull()).isTrue();
    }
}
