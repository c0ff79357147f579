package dev.vibe.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradeAnswersCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    @Test
    void gradesStdinToStdoutInOrderPassingOtherFieldsThrough() throws Exception {
        String in = """
                {"id": 1, "gold": "\\\\frac{1}{2}", "pred": "\\\\boxed{0.5}"}
                {"id": 2, "gold": "10000", "pred": "10001"}
                {"id": 3, "gold": "[1,2]", "pred": "[1,2)", "model": "m"}
                {"id": 4, "gold": 7, "pred": "x = 7"}
                {"id": 5, "gold": "5", "pred": "\\\\boxed{5}", "finish_reason": "length"}
                """;
        CliCapture r = CliCapture.run(in, "grade-answers");
        assertThat(r.status()).isZero();
        List<JsonNode> out = lines(r.out());
        assertThat(out).hasSize(5);
        assertThat(out).extracting(n -> n.get("id").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(out).extracting(n -> n.get("equal").asBoolean()).containsExactly(true, false, false, true, false);
        assertThat(out.get(2).get("reason").asText()).isEqualTo("interval ends differ");
        assertThat(out.get(2).get("model").asText()).isEqualTo("m");
        assertThat(out.get(4).get("reason").asText()).isEqualTo("truncated");
        assertThat(r.err()).contains("graded 5 lines: 2 equal, 3 not equal, 0 errors");
    }

    @Test
    void malformedLinesGetAnErrorAndTheRunGoesOn() throws Exception {
        String in = """
                {"gold": "1", "pred": "1"}
                this is not json
                {"gold": "1"}
                [1, 2]
                {"gold": {"a": 1}, "pred": "1"}
                {"gold": "2", "pred": "\\\\sqrt{4}"}
                """;
        CliCapture r = CliCapture.run(in, "grade-answers");
        assertThat(r.status()).isZero();
        List<JsonNode> out = lines(r.out());
        assertThat(out).hasSize(6);
        assertThat(out.get(0).get("equal").asBoolean()).isTrue();
        assertThat(out.get(1).get("error").asText()).startsWith("line 2: not JSON");
        assertThat(out.get(2).get("error").asText()).isEqualTo("line 3: missing field 'pred'");
        assertThat(out.get(3).get("error").asText()).isEqualTo("line 4: not a JSON object");
        assertThat(out.get(4).get("error").asText()).contains("'gold' must be a string");
        assertThat(out.get(5).get("equal").asBoolean()).isTrue();
        assertThat(r.err()).contains("4 errors");
    }

    @Test
    void readsAndWritesFiles(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.jsonl");
        Path out = dir.resolve("out.jsonl");
        Files.writeString(in, "{\"gold\": \"\\\\{1,2\\\\}\", \"pred\": \"2, 1\"}\n\n{\"gold\": \"(1,2)\", \"pred\": \"(2,1)\"}\n",
                StandardCharsets.UTF_8);
        CliCapture r = CliCapture.run("", "grade-answers", "--in", in.toString(), "--out", out.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEmpty();
        List<JsonNode> lines = lines(Files.readString(out, StandardCharsets.UTF_8));
        assertThat(lines).extracting(n -> n.get("equal").asBoolean()).containsExactly(true, false);
    }

    @Test
    void missingInputFileIsAOneLineErrorWithStatusTwo(@TempDir Path dir) {
        CliCapture r = CliCapture.run("", "grade-answers", "--in", dir.resolve("absent.jsonl").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).startsWith("vibe grade-answers:").contains("absent.jsonl");
    }
}
