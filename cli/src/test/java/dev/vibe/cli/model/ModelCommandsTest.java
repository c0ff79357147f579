package dev.vibe.cli.model;

import static dev.vibe.cli.model.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void initRandomThenInspectAsJson() throws Exception {
        Path dir = tmp.resolve("tiny");
        String[] init = run("model", "init-random", "--shape", "tiny", "--seed", "4", "--dtype", "bf16", "--untied",
                "--shards", "2", dir.toString());
        assertThat(init[0]).as(init[2]).isEqualTo("0");
        assertThat(init[1]).contains("wrote random tiny checkpoint").contains("BF16").contains("untied lm_head");
        String[] inspect = run("model", "inspect", "--json", dir.toString());
        assertThat(inspect[0]).as(inspect[2]).isEqualTo("0");
        JsonNode report = new ObjectMapper().readTree(inspect[1]);
        assertThat(report.get("architecture").asText()).isEqualTo("Qwen2ForCausalLM");
        assertThat(report.get("hidden_size").asInt()).isEqualTo(64);
        assertThat(report.get("num_key_value_heads").asInt()).isEqualTo(2);
        assertThat(report.get("vocab_size").asInt()).isEqualTo(259);
        assertThat(report.get("torch_dtype").asText()).isEqualTo("bfloat16");
        assertThat(report.get("lm_head_stored").asBoolean()).isTrue();
        assertThat(report.get("revision").asText()).matches("[0-9a-f]{12}");
        assertThat(report.get("files").has("model-00002-of-00002.safetensors")).isTrue();
        assertThat(report.get("parameters").asLong()).isGreaterThan(0);

        String[] text = run("model", "inspect", dir.toString());
        assertThat(text[1]).contains("architecture Qwen2ForCausalLM")
                .contains("hidden 64, layers 2, heads 4, kv heads 2, head_dim 16, MLP 128, vocab 259, context 2048")
                .contains("stored (untied)").contains(report.get("revision").asText());
    }

    @Test
    void errorsAreOneLine() throws Exception {
        Path dir = tmp.resolve("broken");
        run("model", "init-random", "--shape", "tiny", dir.toString());
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\"]}");
        String[] inspect = run("model", "inspect", dir.toString());
        assertThat(inspect[0]).isEqualTo("2");
        assertThat(inspect[2].strip()).doesNotContain("\n").startsWith("vibe model inspect: ")
                .contains("config.json: unknown architecture LlamaForCausalLM");

        String[] again = run("model", "init-random", "--shape", "tiny", dir.toString());
        assertThat(again[0]).isEqualTo("2");
        assertThat(again[2]).contains("already holds a checkpoint");
        String[] badShape = run("model", "init-random", "--shape", "gpt5", tmp.resolve("x").toString());
        assertThat(badShape[2].strip()).contains("unknown model shape 'gpt5'").doesNotContain("\n");
    }
}
