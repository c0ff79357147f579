package dev.vibe.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.cli.grade.CliCapture;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vibe generate} on its embedded MiniCluster, as a user runs it. */
class GenerateCommandIT {

    @Test
    void generatesAProblemFileAndPrintsTheSummary() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "generate-cli");
        Path model = RandomCheckpoint.writeTiny(dir.resolve("tiny"));
        Path problems = Files.write(dir.resolve("p.jsonl"), List.of(
                "{\"id\":\"a\",\"problem\":\"1+1?\"}", "{\"id\":\"b\",\"problem\":\"2+2?\"}", "{oops"),
                StandardCharsets.UTF_8);
        Path out = dir.resolve("out");

        CliCapture run = CliCapture.run("", "generate", "--problems", problems.toString(), "--model",
                model.toString(), "--samples", "3", "--max-new-tokens", "4", "--parallelism", "2", "--run-id", "cli1",
                "--out", out.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("run cli1 finished")
                .containsPattern("input records +3 += 2 problems \\+ 1 rejected at input")
                .containsPattern("samples requested +6 += 6 written \\+ 0 skipped")
                .containsPattern("rows rejected +1 +malformed 1")
                .contains(out.resolve("solutions").resolve("run=cli1").toString());
        assertThat(run.err()).contains("generate cli1").contains("samples"); // the progress bar
        try (var files = Files.walk(out.resolve("solutions"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).isNotEmpty();
        }
    }

    @Test
    void badOptionsAreOneLineErrors() {
        CliCapture noOut = CliCapture.run("", "generate", "--problems", "missing.jsonl");
        assertThat(noOut.status()).isEqualTo(2);
        assertThat(noOut.err().strip()).isEqualTo("vibe generate: --out is required (--verbose for details)");

        CliCapture noInput = CliCapture.run("", "generate", "--problems", "missing.jsonl", "--out", "o",
                "--model", ".");
        assertThat(noInput.err().strip()).isEqualTo("vibe generate: problems not found: missing.jsonl"
                + " (--verbose for details)");
    }
}
