package dev.vibe.grading.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.grading.code.testdata.TestCase;
import dev.vibe.grading.code.testdata.TestSuite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the integration tests: a judge with short limits, and after every test the check that the host is as it
 * was. Building the judge fails (it does not skip) when bwrap is missing: CI installs it.
 */
abstract class JudgeIntegrationTest {

    static CodeJudge judge;
    private long descendantsBefore;

    @BeforeAll
    static void buildJudge() {
        judge = CodeJudge.builder()
                .optTimeLimit(Duration.ofSeconds(1))
                .optWallTimeLimit(Duration.ofSeconds(3))
                .optMemoryLimitMb(256)
                .optMaxParallel(2)
                .optOutputLimitBytes(1 << 20)
                .optCompileTimeLimit(Duration.ofSeconds(20))
                .optWorkDir(Path.of(System.getProperty("java.io.tmpdir"), "judge-it"))
                .build();
    }

    @AfterAll
    static void closeJudge() {
        judge.close();
    }

    @BeforeEach
    void countChildren() {
        descendantsBefore = descendants();
    }

    /** No process of a sandbox uid and no extra child of this JVM survived the test. */
    @AfterEach
    void hostIsClean() throws InterruptedException {
        assertThat(judge.livingSandboxProcesses()).as("processes still running as a sandbox uid").isEmpty();
        long now = descendants();
        for (int i = 0; i < 50 && now > descendantsBefore; i++) {
            Thread.sleep(20);
            now = descendants();
        }
        assertThat(now).as("child processes of the test JVM").isLessThanOrEqualTo(descendantsBefore);
    }

    static TestSuite stdin(String input, String expected) {
        return new TestSuite(List.of(TestCase.stdin(input, expected)), null);
    }

    private static long descendants() {
        return ProcessHandle.current().descendants().count();
    }
}
