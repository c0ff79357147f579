package dev.vibe.jobs.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibe.jobs.generate.JobArguments;
import dev.vibe.pipeline.GradingSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flink run … GradeJob} arguments to validated settings. */
class GradeJobOptionsTest {

    @TempDir
    Path dir;

    private GradingSettings settings(String... args) {
        return GradeJob.toSettings(JobArguments.parse(GradeOptions.ALL, GradeOptions.FLAGS, args));
    }

    @Test
    void readsABareNumberOfSecondsOrAFlinkDuration() {
        GradingSettings s = settings("--in", dir.toString(), "--out", dir.toString(), "--math-timeout", "5",
                "--code-time-limit", "1500ms", "--max-sandboxes", "3");
        assertThat(s.grader().mathTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.grader().codeTimeLimit()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.grader().maxSandboxes()).isEqualTo(3);
        assertThat(s.bounded()).isTrue();
    }

    @Test
    void rejectsMissingOrContradictoryInputsInOneLine() {
        assertThatThrownBy(() -> settings("--out", dir.toString()))
                .hasMessage("give either --in DIR or --kafka BOOTSTRAP --topic T (exactly one input)");
        assertThatThrownBy(() -> settings("--in", dir.toString(), "--kafka", "localhost:9092", "--topic", "s",
                "--out", dir.toString())).hasMessageContaining("exactly one input");
        assertThatThrownBy(() -> settings("--in", dir.toString(), "--out", dir.toString(), "--math-timeout", "soon"))
                .hasMessage("--math-timeout: 'soon' is not a duration (e.g. 5, 5s, 500ms, 2min)");
        assertThatThrownBy(() -> settings("--in", dir.toString(), "--out", dir.toString(), "--max-sandboxes", "0"))
                .hasMessage("max sandboxes must be at least 1, got 0");
        assertThatThrownBy(() -> settings("--in", dir.toString(), "--out", dir.toString(), "--kafka-out", "g"))
                .hasMessage("--kafka-out needs --kafka BOOTSTRAP");
    }
}
