package dev.vibe.cli.grade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vibe.cli.Common;
import dev.vibe.grading.code.CodeJudge;
import dev.vibe.grading.code.JudgeResult;
import dev.vibe.grading.code.Language;
import dev.vibe.grading.code.Verdict;
import dev.vibe.grading.code.extract.CodeExtractor;
import dev.vibe.grading.code.testdata.TestSuite;
import dev.vibe.grading.code.testdata.TestSuites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vibe judge}: judges one program (a source file, or a model's response whose last code block is taken)
 * against a test file in the sandbox and prints the result as JSON. Exit 0 when accepted, 1 when not, 2 when the
 * judge could not judge (bad usage, sandbox error).
 */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = "Judge a program against tests in a sandbox; prints the verdict and per-test results as JSON.",
        footer = {"", "Exit status: 0 accepted, 1 not accepted, 2 usage or sandbox error."})
public final class JudgeCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Option(names = "--tests", required = true, paramLabel = "TESTS.json",
            description = "LiveCodeBench list of {input, output, testtype} or APPS/TACO {inputs, outputs, fn_name}.")
    Path tests;

    @Option(names = "--lang", paramLabel = "L",
            description = "python, cpp or java: for source files without a known extension and untagged code blocks.")
    String lang;

    @Option(names = "--fn-name", paramLabel = "NAME",
            description = "Function functional tests call when the test file names none.")
    String functionName;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "2",
            description = "CPU seconds per test (default: ${DEFAULT-VALUE}).")
    double timeLimitSeconds;

    @Option(names = "--memory-limit", paramLabel = "MB", defaultValue = "256",
            description = "Memory per test in MB (default: ${DEFAULT-VALUE}).")
    int memoryLimitMb;

    @Option(names = "--all-tests", description = "Run every test instead of stopping at the first failure.")
    boolean allTests;

    @Parameters(paramLabel = "CODE_FILE",
            description = "Source file (.py, .cpp, .java) or a model response (the last fenced code block is judged).")
    Path codeFile;

    @Override
    public Integer call() throws Exception {
        Language fallback = lang == null ? Language.fromFileName(codeFile.getFileName().toString()).orElse(null)
                : Language.parse(lang);
        TestSuite suite = TestSuites.parse(read(tests, "tests"), functionName);
        String text = read(codeFile, "code file");
        boolean response = CodeExtractor.extract(text, fallback).isPresent();
        if (!response && fallback == null) {
            throw new IllegalArgumentException("cannot tell the language of " + codeFile
                    + ": use a .py, .cpp or .java file or --lang");
        }
        JudgeResult result;
        try (CodeJudge judge = CodeJudge.builder()
                .optTimeLimit(Duration.ofMillis(Math.round(timeLimitSeconds * 1000)))
                .optMemoryLimitMb(memoryLimitMb)
                .optStopOnFirstFailure(!allTests)
                .optMaxParallel(1)
                .build()) {
            result = response ? judge.judgeResponse(text, fallback, suite) : judge.judge(text, fallback, suite);
        }
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        if (result.verdict() == Verdict.SANDBOX_ERROR) {
            System.err.println("vibe judge: the sandbox failed: " + result.reason());
            return 2;
        }
        return result.accepted() ? 0 : 1;
    }

    private static String read(Path file, String what) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist or is not a file");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
