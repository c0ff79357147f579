package dev.vibe.operators.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/** The subtasks of one TaskManager share one sandbox pool, sized to --max-sandboxes, and release it together. */
class GraderPoolTest {

    @Test
    void subtasksOfOneJvmShareOneCodePoolOfMaxSandboxesThreads() {
        GraderSettings settings = new GraderSettings(Duration.ofSeconds(3), 1, 3, Duration.ofSeconds(1), 64, 63500,
                Duration.ofMinutes(1));
        int before = GraderPool.livePools();
        GraderPool.Lease first = GraderPool.acquire(settings, "v");
        GraderPool.Lease second = GraderPool.acquire(settings, "v");
        ExecutorService code = first.executorFor("code");
        assertThat(second.executorFor("code")).isSameAs(code);
        assertThat(first.executorFor("math")).isNotSameAs(code).isSameAs(second.executorFor("math"));
        assertThat(((ThreadPoolExecutor) code).getMaximumPoolSize()).isEqualTo(3);
        assertThat(((ThreadPoolExecutor) first.executorFor("math")).getMaximumPoolSize()).isEqualTo(1);
        assertThat(GraderPool.livePools()).isEqualTo(before + 1);

        first.close();
        assertThat(code.isShutdown()).as("still leased by the second subtask").isFalse();
        second.close();
        second.close(); // closing twice releases once
        assertThat(code.isShutdown()).isTrue();
        assertThat(GraderPool.livePools()).isEqualTo(before);
    }
}
