package dev.vibe.grading.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.grading.code.testdata.TestCase;
import dev.vibe.grading.code.testdata.TestSuite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A judge with short limits for the integration tests, and the checks that a run left the host as it was. Building
 * it fails (it does not skip) when bwrap is missing: CI installs it.
 */
final class JudgeFixture {

    private JudgeFixture() {
    }

    static CodeJudge judge(int uidBase) {
        return CodeJudge.builder()
                .optTimeLimit(Duration.ofSeconds(1))
                .optWallTimeLimit(Duration.ofSeconds(3))
                .optMemoryLimitMb(256)
                .optMaxParallel(2)
                .optOutputLimitBytes(1 << 20)
                .optCompileTimeLimit(Duration.ofSeconds(20))
                .optSandboxUidBase(uidBase)
                .optWorkDir(Path.of(System.getProperty("java.io.tmpdir"), "judge-it-" + uidBase))
                .build();
    }

    static TestSuite stdin(String input, String expected) {
        return new TestSuite(List.of(TestCase.stdin(input, expected)), null);
    }

    static long descendants() {
        return ProcessHandle.current().descendants().count();
    }

    /** No process of a sandbox uid and no extra child of this JVM survived. */
    static void assertHostClean(CodeJudge judge, long descendantsBefore) throws InterruptedException {
        assertThat(judge.livingSandboxProcesses()).as("processes still running as a sandbox uid").isEmpty();
        long now = descendants();
        for (int i = 0; i < 50 && now > descendantsBefore; i++) {
            Thread.sleep(20);
            now = descendants();
        }
        assertThat(now).as("child processes of the test JVM").isLessThanOrEqualTo(descendantsBefore);
    }
}
