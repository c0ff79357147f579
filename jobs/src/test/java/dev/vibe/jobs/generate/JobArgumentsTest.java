package dev.vibe.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibe.pipeline.GenerationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

    @Test
    void readsValuesFlagsAndDefaults() {
        Configuration c = JobArguments.parse("--kafka", "127.0.0.1:9092", "--topic", "t", "--bounded",
                "--samples=8", "--request-timeout", "90s", "--out", "o");
        assertThat(c.get(GenerateOptions.BOUNDED)).isTrue();
        assertThat(c.get(GenerateOptions.SAMPLES)).isEqualTo(8);
        assertThat(c.get(GenerateOptions.REQUEST_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.get(GenerateOptions.TEMPERATURE)).isEqualTo(0.6);
        assertThat(c.get(GenerateOptions.NO_SYSTEM_PROMPT)).isFalse();
    }

    @Test
    void rejectsUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> JobArguments.parse("--sample", "3")).hasMessage("unknown option --sample");
        assertThatThrownBy(() -> JobArguments.parse("--out")).hasMessage("option --out needs a value");
        assertThatThrownBy(() -> JobArguments.parse("stray")).hasMessageContaining("unexpected argument 'stray'");
    }

    @Test
    void buildsValidatedOptionsWithTheTemplateFileContent() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "args");
        Path problems = Files.writeString(dir.resolve("p.jsonl"), "{\"id\":\"a\",\"problem\":\"1+1\"}\n");
        Path template = Files.writeString(dir.resolve("t.txt"), "Solve {problem} carefully.");
        GenerationOptions o = GenerateJob.toOptions(JobArguments.parse("--problems", problems.toString(),
                "--prompt-template", template.toString(), "--system-prompt", "S", "--out", dir.resolve("out").toString(),
                "--model", dir.toString(), "--run-id", "r1"), null);
        assertThat(o.bounded()).isTrue();
        assertThat(o.promptFormat().template()).isEqualTo("Solve {problem} carefully.");
        assertThat(o.promptFormat().systemPrompt()).isEqualTo("S");
        assertThat(o.asyncCapacity()).isEqualTo(2 * o.slots());

        assertThatThrownBy(() -> GenerateJob.toOptions(JobArguments.parse("--problems", problems.toString(),
                "--out", "o", "--model", dir.toString(), "--system-prompt", "S", "--no-system-prompt"), null))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> GenerateJob.toOptions(JobArguments.parse("--problems", problems.toString(),
                "--kafka", "h:1", "--topic", "t", "--out", "o", "--model", dir.toString()), null))
                .hasMessageContaining("exactly one input");
        assertThatThrownBy(() -> GenerateJob.toOptions(JobArguments.parse("--problems", problems.toString(),
                "--model", dir.toString()), null)).hasMessage("--out is required");
    }
}
