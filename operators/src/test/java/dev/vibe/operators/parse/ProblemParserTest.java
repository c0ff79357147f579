package dev.vibe.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibe.schemas.ChatMessage;
import dev.vibe.schemas.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemParserTest {

    private final ProblemParser auto = new ProblemParser(ValueFormat.AUTO);

    private static RawInput json(String text) {
        return new RawInput(text.getBytes(StandardCharsets.UTF_8), "file:p.jsonl:7", "p");
    }

    @Test
    void readsPlainJsonlFields() throws Exception {
        Problem p = auto.parse(json("{\"id\":\"a1\",\"problem\":\"1+1?\",\"answer\":2,\"kind\":\"Math\","
                + "\"source\":\"toy\",\"metadata\":{\"level\":3}}"));

        assertThat(p.getId()).isEqualTo("a1");
        assertThat(p.getProblem()).isEqualTo("1+1?");
        assertThat(p.getAnswer()).isEqualTo("2");
        assertThat(p.getKind()).isEqualTo("math");
        assertThat(p.getSource()).isEqualTo("toy");
        assertThat(p.getMetadata()).isEqualTo("{\"level\":3}");
        assertThat(p.getOrigin()).isEqualTo("file:p.jsonl:7");
        assertThat(p.getMessages()).isNull();
    }

    @Test
    void readsVerlRowWithIdFromSourceAndIndex() throws Exception {
        Problem p = auto.parse(json("{\"data_source\":\"\",\"prompt\":[{\"content\":\"Find x.\",\"role\":\"user\"}],"
                + "\"ability\":\"math\",\"reward_model\":{\"ground_truth\":\"025\",\"style\":\"rule\"},"
                + "\"extra_info\":{\"index\":4,\"split\":\"test\"}}"));

        assertThat(p.getId()).isEqualTo("p-4");
        assertThat(p.getSource()).isEqualTo("p");
        assertThat(p.getMessages()).containsExactly(new ChatMessage("user", "Find x."));
        assertThat(p.getProblem()).isNull();
        assertThat(p.getAnswer()).isEqualTo("025");
        assertThat(p.getMetadata()).isEqualTo("{\"index\":4,\"split\":\"test\"}");
    }

    @Test
    void unwrapsParquetListElementRecords() throws Exception {
        Problem p = auto.parse(json("{\"id\":1,\"prompt\":[{\"element\":{\"role\":\"user\",\"content\":\"Q\"}}]}"));

        assertThat(p.getMessages()).containsExactly(new ChatMessage("user", "Q"));
    }

    @Test
    void codeKindDefaultsWhenTestsGivenAndTestsKeptAsJsonText() throws Exception {
        Problem p = auto.parse(json("{\"id\":\"c\",\"problem\":\"echo\",\"tests\":[{\"input\":\"1\",\"output\":\"1\"}]}"));

        assertThat(p.getKind()).isEqualTo("code");
        assertThat(p.getTests()).isEqualTo("[{\"input\":\"1\",\"output\":\"1\"}]");
    }

    @Test
    void rejectsMalformedJsonWithOneLineReason() {
        assertThatThrownBy(() -> auto.parse(json("{\"id\": \"x\", \"problem\": ")))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessageStartingWith("malformed JSON")
                .satisfies(e -> assertThat(((InvalidProblemException) e).category()).isEqualTo(RejectCategory.MALFORMED));
    }

    @Test
    void rejectsTrailingGarbageAndDuplicateKeys() {
        assertThatThrownBy(() -> auto.parse(json("{\"id\":\"x\",\"problem\":\"q\"} trailing")))
                .hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> auto.parse(json("{\"id\":\"x\",\"id\":\"y\",\"problem\":\"q\"}")))
                .hasMessageContaining("Duplicate field");
    }

    @Test
    void rejectsMissingStatement() {
        assertThatThrownBy(() -> auto.parse(json("{\"id\":\"x\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"}]}")))
                .hasMessage("problem \"x\" has no statement: no 'problem' text and no user message")
                .satisfies(e -> assertThat(((InvalidProblemException) e).problemId()).isEqualTo("x"));
    }

    @Test
    void rejectsUnknownKind() {
        assertThatThrownBy(() -> auto.parse(json("{\"id\":\"x\",\"problem\":\"q\",\"kind\":\"poetry\"}")))
                .hasMessageContaining("unknown kind \"poetry\"")
                .satisfies(e -> assertThat(((InvalidProblemException) e).category()).isEqualTo(RejectCategory.UNKNOWN_KIND));
    }

    @Test
    void rejectsMissingIdAndWrongTypes() {
        assertThatThrownBy(() -> auto.parse(json("{\"problem\":\"q\"}"))).hasMessageStartingWith("missing id");
        assertThatThrownBy(() -> auto.parse(json("{\"id\":\"x\",\"problem\":5}")))
                .hasMessage("'problem' must be a string, got NUMBER");
        assertThatThrownBy(() -> auto.parse(json("[1,2]"))).hasMessage("expected a JSON object, got ARRAY");
    }

    @Test
    void rejectsOversizedRecords() {
        ProblemParser small = new ProblemParser(ValueFormat.JSON, 16);
        assertThatThrownBy(() -> small.parse(json("{\"id\":\"x\",\"problem\":\"long enough\"}")))
                .satisfies(e -> assertThat(((InvalidProblemException) e).category()).isEqualTo(RejectCategory.TOO_LARGE));
    }

    @Test
    void autoDetectsAvroAndJsonPerRecordAndRoundTripsTheCodec() throws Exception {
        Problem p = Problem.newBuilder().setId("z9").setProblem(null)
                .setMessages(List.of(new ChatMessage("system", "be brief"), new ChatMessage("user", "2*3?")))
                .setAnswer("6").setKind("math").setSource("s").setOrigin("").build();

        Problem fromAvro = auto.parse(new RawInput(ProblemCodec.toAvro(p), "kafka:t/0@1", null));
        Problem fromJson = auto.parse(new RawInput(ProblemCodec.toJson(p), "kafka:t/0@2", null));

        assertThat(fromAvro).isEqualTo(Problem.newBuilder(p).setOrigin("kafka:t/0@1").build());
        assertThat(fromJson).isEqualTo(Problem.newBuilder(p).setOrigin("kafka:t/0@2").build());
    }

    @Test
    void forcedAvroRejectsJsonBytes() {
        ProblemParser avro = new ProblemParser(ValueFormat.AVRO);
        assertThatThrownBy(() -> avro.parse(json("{\"id\":\"x\",\"problem\":\"q\"}")))
                .hasMessageStartingWith("not an Avro binary Problem");
    }

    @Test
    void sourceFallsBackToHintThenUnknown() throws Exception {
        String line = "{\"id\":\"s\",\"problem\":\"q\"}";
        assertThat(auto.parse(json(line)).getSource()).isEqualTo("p");
        assertThat(auto.parse(new RawInput(line.getBytes(StandardCharsets.UTF_8), "kafka:t/0@3", null)).getSource())
                .isEqualTo("unknown");
    }

    @Test
    void rejectsEmptyRecord() {
        assertThatThrownBy(() -> auto.parse(new RawInput(new byte[0], "kafka:t/0@0", null))).hasMessage("empty record");
    }
}
