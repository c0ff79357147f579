package dev.vibe.cli.model;

import static dev.vibe.cli.model.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainDemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainsASmallRunIntoTheGivenFolderAndReportsTheLoss() {
        Path out = tmp.resolve("demo");
        String[] r = run("model", "train-demo", "--out", out.toString(), "--steps", "6", "--hidden-size", "32",
                "--layers", "1", "--batch-size", "4", "--warmup", "2");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("for 6 steps").contains("wrote " + out);
        for (String file : new String[] {"config.json", "model.safetensors", "tokenizer.json", "loss.png"}) {
            assertThat(out.resolve(file)).isRegularFile();
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        String[] r = run("model", "train-demo", "--out", tmp.resolve("x").toString(), "--steps", "0");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).doesNotContain("\n").startsWith("vibe model train-demo: ")
                .contains("steps must be >= 1, got 0");
    }
}
