package dev.vibe.grading.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.grading.code.compare.JsonValueComparator;
import dev.vibe.grading.code.compare.TokenComparator;
import dev.vibe.grading.code.extract.CodeExtractor;
import dev.vibe.grading.code.sandbox.Sandbox;
import dev.vibe.grading.code.sandbox.SandboxLimits;
import dev.vibe.grading.code.sandbox.SandboxRun;
import dev.vibe.grading.code.sandbox.SandboxUnavailableException;
import dev.vibe.grading.code.testdata.TestCase;
import dev.vibe.grading.code.testdata.TestSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges programs against tests, each compile and each test run in its own {@link Sandbox}. Thread-safe: call
 * {@link #judge} from as many threads as you like; at most {@code maxParallel} sandboxes run at once, the rest
 * wait for a slot. Close it to hand its sandbox uids back to other judges on the host.
 *
 * <pre>{@code
 * CodeJudge judge = CodeJudge.builder().optTimeLimit(Duration.ofSeconds(2)).optMemoryLimitMb(256).build(); // once
 * JudgeResult r = judge.judge(code, Language.PYTHON, TestSuites.parse(testsJson));
 * }</pre>
 */
public final class CodeJudge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CodeJudge.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Characters of stderr kept in a test result. */
    private static final int STDERR_EXCERPT = 400;
    /** What a program prints when an allocation failed under the memory limit. */
    private static final List<String> OUT_OF_MEMORY = List.of("MemoryError", "std::bad_alloc",
            "java.lang.OutOfMemoryError", "Cannot allocate memory");

    private final Settings settings;
    private final Sandbox sandbox;
    private final Toolchain toolchain;

    private CodeJudge(Settings settings, Sandbox sandbox, Toolchain toolchain) {
        this.settings = settings;
        this.sandbox = sandbox;
        this.toolchain = toolchain;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Extracts the last code block of a model's response (see {@link CodeExtractor}) and judges it. */
    public JudgeResult judgeResponse(String response, Language fallback, TestSuite tests) throws InterruptedException {
        Optional<CodeExtractor.ExtractedCode> code = CodeExtractor.extract(response, fallback);
        if (code.isEmpty()) {
            return JudgeResult.of(Verdict.CE, "no python, cpp or java code block in the response"
                    + (fallback == null ? " (untagged blocks need a language)" : ""));
        }
        return judge(code.get().code(), code.get().language(), tests);
    }

    /**
     * Compiles and runs {@code code} on every test, stopping at the first failure unless configured otherwise.
     *
     * @throws IllegalArgumentException when functional tests are given for another language than Python
     */
    public JudgeResult judge(String code, Language lang, TestSuite tests) throws InterruptedException {
        if (tests.hasFunctionalTests() && lang != Language.PYTHON) {
            throw new IllegalArgumentException("functional (call-based) tests are judged for Python only, got " + lang);
        }
        Path box;
        try {
            box = newBox();
        } catch (IOException e) {
            return JudgeResult.of(Verdict.SANDBOX_ERROR, "cannot create the run's directory: " + e.getMessage());
        }
        try {
            Toolchain.Program program;
            try {
                program = toolchain.prepare(lang, code, box, tests.functionName(), settings.memoryLimitMb);
            } catch (IOException | IllegalStateException e) {
                return JudgeResult.of(Verdict.SANDBOX_ERROR, "cannot prepare the " + lang + " program: "
                        + e.getMessage());
            }
            Optional<JudgeResult> compileFailure = compile(program, box);
            if (compileFailure.isPresent()) {
                return compileFailure.get();
            }
            return runTests(program, box, tests);
        } finally {
            delete(box);
        }
    }

    /**
     * The judge's fixed cost per test run: one empty Python program through the whole sandbox (bwrap, prlimit,
     * setpriv, interpreter start-up, teardown). What {@code vibe bench grade} times.
     *
     * @throws IllegalStateException when the sandbox fails
     */
    public Duration runTrivial() throws InterruptedException {
        Path box;
        try {
            box = newBox();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the run's directory: " + e.getMessage(), e);
        }
        try {
            SandboxRun run = sandbox.run(new Sandbox.Request(toolchain.trivialPython(), new byte[0], box, false,
                    Sandbox.TMP, runLimits(false), toolchain.pythonPaths()));
            if (run.sandboxFailed() || run.exitCode() != 0) {
                throw new IllegalStateException("the trivial program failed in the sandbox: "
                        + (run.sandboxFailed() ? run.sandboxFailure() : "exit " + run.exitCode() + " "
                        + excerpt(run.stderrTail())));
            }
            return Duration.ofMillis(run.wallMillis());
        } finally {
            delete(box);
        }
    }

    /** Releases the uids this judge reserved; call when no {@link #judge} call is running any more. */
    @Override
    public void close() {
        sandbox.close();
    }

    /** Pids of host processes still running as a sandbox uid (none once every judge call returned). */
    public List<Long> livingSandboxProcesses() {
        return sandbox.livingSandboxProcesses();
    }

    private Optional<JudgeResult> compile(Toolchain.Program program, Path box) throws InterruptedException {
        SandboxLimits limits = new SandboxLimits(settings.compileTimeLimit, settings.compileTimeLimit.multipliedBy(2),
                Settings.COMPILER_ADDRESS_SPACE, 256, 256L << 20, 64L << 20,
                settings.outputLimitBytes, 64 << 10);
        SandboxRun run = runTwiceOnFailure(new Sandbox.Request(program.compile(), new byte[0], box, true,
                Sandbox.BOX, limits, program.readOnly()));
        if (run.sandboxFailed()) {
            return Optional.of(JudgeResult.of(Verdict.SANDBOX_ERROR, "compile: " + run.sandboxFailure()));
        }
        if (run.wallTimeout() || timeSignal(run)) {
            return Optional.of(JudgeResult.of(Verdict.CE, "compilation exceeded "
                    + settings.compileTimeLimit.toSeconds() + " s"));
        }
        if (run.exitCode() != 0) {
            return Optional.of(JudgeResult.of(Verdict.CE, excerpt(run.stderrTail())));
        }
        return Optional.empty();
    }

    private JudgeResult runTests(Toolchain.Program program, Path box, TestSuite tests) throws InterruptedException {
        SandboxLimits limits = runLimits(program.runIsJvm());
        List<TestResult> results = new ArrayList<>();
        Verdict overall = Verdict.AC;
        String reason = "all " + tests.cases().size() + " tests passed";
        for (int i = 0; i < tests.cases().size(); i++) {
            TestCase test = tests.cases().get(i);
            SandboxRun run = runTwiceOnFailure(new Sandbox.Request(program.run(),
                    test.input().getBytes(StandardCharsets.UTF_8), box, false, Sandbox.TMP, limits,
                    program.readOnly()));
            TestResult result = classify(i, test, run, limits);
            results.add(result);
            if (result.verdict() != Verdict.AC && overall == Verdict.AC) {
                overall = result.verdict();
                reason = "test " + i + ": " + result.reason();
                if (settings.stopOnFirstFailure || overall == Verdict.SANDBOX_ERROR) {
                    break;
                }
            }
        }
        return new JudgeResult(overall, results, reason);
    }

    /** A failure of the sandbox itself is retried once; a second one is reported, never blamed on the program. */
    private SandboxRun runTwiceOnFailure(Sandbox.Request request) throws InterruptedException {
        SandboxRun run = sandbox.run(request);
        if (run.sandboxFailed()) {
            LOG.warn("sandbox failed ({}), retrying once", run.sandboxFailure());
            run = sandbox.run(request);
        }
        return run;
    }

    private TestResult classify(int index, TestCase test, SandboxRun run, SandboxLimits limits) {
        String stderr = excerpt(run.stderrTail());
        long ms = run.wallMillis();
        Long kb = run.peakRssKb() >= 0 ? run.peakRssKb() : null;
        if (run.sandboxFailed()) {
            return new TestResult(index, Verdict.SANDBOX_ERROR, ms, null, "", run.sandboxFailure());
        }
        if (run.stdoutOverflow()) {
            return new TestResult(index, Verdict.WA, ms, kb, stderr,
                    "output limit exceeded (more than " + limits.maxStdoutBytes() + " bytes)");
        }
        if (run.wallTimeout()) {
            return new TestResult(index, Verdict.TLE, ms, kb, stderr,
                    "wall-clock limit of " + limits.wallTime().toMillis() + " ms");
        }
        if (timeSignal(run)) {
            return new TestResult(index, Verdict.TLE, ms, kb, stderr,
                    "CPU limit of " + limits.cpuSeconds() + " s (signal " + run.signal() + ")");
        }
        boolean functional = test.kind() == TestCase.Kind.FUNCTIONAL;
        if (run.exitCode() != 0) {
            if (OUT_OF_MEMORY.stream().anyMatch(run.stderrTail()::contains)) {
                return new TestResult(index, Verdict.MLE, ms, kb, stderr,
                        "memory limit of " + settings.memoryLimitMb + " MB");
            }
            if (functional && run.exitCode() == PythonCallHarness.NOT_JSON) {
                return new TestResult(index, Verdict.WA, ms, kb, stderr, "the return value is not JSON");
            }
            return new TestResult(index, Verdict.RE, ms, kb, stderr, run.signal() != 0
                    ? "killed by signal " + run.signal() : "exit code " + run.exitCode());
        }
        Optional<String> mismatch = functional ? compareReturnValue(test, run.stdoutText())
                : TokenComparator.mismatch(test.expected(), run.stdoutText());
        return mismatch.map(m -> new TestResult(index, Verdict.WA, ms, kb, stderr, m))
                .orElseGet(() -> new TestResult(index, Verdict.AC, ms, kb, stderr, "ok"));
    }

    private static Optional<String> compareReturnValue(TestCase test, String stdout) {
        JsonNode expected;
        try {
            expected = JSON.readTree(test.expected());
        } catch (JsonProcessingException e) {
            // an expected value that is not JSON (some datasets store plain strings): compare as tokens
            return TokenComparator.mismatch(test.expected(), stdout);
        }
        JsonNode actual;
        try {
            actual = JSON.readTree(stdout);
        } catch (JsonProcessingException e) {
            return Optional.of("the function returned nothing readable");
        }
        if (actual == null || actual.isMissingNode()) {
            return Optional.of("the function returned nothing");
        }
        Optional<String> mismatch = JsonValueComparator.mismatch(expected, actual);
        if (mismatch.isPresent() && test.acceptUnwrapped() && expected.isArray() && expected.size() == 1
                && JsonValueComparator.mismatch(expected.get(0), actual).isEmpty()) {
            return Optional.empty();
        }
        return mismatch;
    }

    private static boolean timeSignal(SandboxRun run) {
        return run.signal() == SandboxRun.SIGXCPU || run.signal() == SandboxRun.SIGKILL;
    }

    private SandboxLimits runLimits(boolean jvm) {
        long memory = (long) settings.memoryLimitMb << 20;
        SandboxLimits limits = new SandboxLimits(settings.timeLimit, settings.wallTimeLimit,
                jvm ? memory + Toolchain.JVM_RESERVED_BYTES : memory, settings.maxProcesses, settings.outputLimitBytes,
                settings.tmpBytes, settings.outputLimitBytes, 64 << 10);
        return jvm ? limits.plusTime(Toolchain.JVM_STARTUP) : limits;
    }

    private Path newBox() throws IOException {
        if (!Files.isDirectory(settings.workDir)) {
            Files.createDirectories(settings.workDir);
            Files.setPosixFilePermissions(settings.workDir, PosixFilePermissions.fromString("rwx------"));
        }
        Path box = Files.createTempDirectory(settings.workDir, "run-");
        // the slot's uid writes compiler output here; the parent (0700, root) keeps other host users out
        Files.setPosixFilePermissions(box, PosixFilePermissions.fromString("rwxrwxrwx"));
        return box;
    }

    private static void delete(Path box) {
        try (Stream<Path> walk = Files.walk(box)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot clean {}: {}", box, e.getMessage());
        }
    }

    private static String excerpt(String stderr) {
        String s = stderr.strip();
        return s.length() <= STDERR_EXCERPT ? s : "..." + s.substring(s.length() - STDERR_EXCERPT);
    }

    /** Validated, immutable settings. */
    private record Settings(Duration timeLimit, Duration wallTimeLimit, int memoryLimitMb, int maxParallel,
                            int maxProcesses, int outputLimitBytes, long tmpBytes, Duration compileTimeLimit,
                            boolean stopOnFirstFailure, Path workDir, int uidBase) {
        /** g++ (cc1plus) on a template-heavy file needs more than a program's limit; javac runs in it too. */
        static final long COMPILER_ADDRESS_SPACE = 2L << 30;
    }

    /** Builds a {@link CodeJudge}; every option has a default, checked at {@link #build()}. */
    public static final class Builder {
        private Duration timeLimit = Duration.ofSeconds(2);
        private Duration wallTimeLimit;
        private int memoryLimitMb = 256;
        private int maxParallel = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int maxProcesses = 64;
        private int outputLimitBytes = 8 << 20;
        private long tmpBytes = 64L << 20;
        private Duration compileTimeLimit = Duration.ofSeconds(30);
        private boolean stopOnFirstFailure = true;
        private Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "vibe-judge");
        private int uidBase = 61000;
        private Path python = defaultPython();
        private Path cxx = Toolchain.onPath("g++");
        private Path jdkHome = defaultJdk();

        private Builder() {
        }

        /** CPU time per test (default 2 s; whole seconds, rounded up: RLIMIT_CPU's resolution). */
        public Builder optTimeLimit(Duration limit) {
            this.timeLimit = limit;
            return this;
        }

        /** Wall-clock time per test after which the tree is killed (default 2 × time limit + 1 s). */
        public Builder optWallTimeLimit(Duration limit) {
            this.wallTimeLimit = limit;
            return this;
        }

        /**
         * Memory per test in MB (default 256): RLIMIT_AS for native code and Python; for Java -Xmx, and RLIMIT_AS
         * of this plus what a JVM reserves and never uses (RLIMIT_AS at the heap size stops a JVM from starting).
         */
        public Builder optMemoryLimitMb(int mb) {
            this.memoryLimitMb = mb;
            return this;
        }

        /** Sandboxes running at once across all threads (default: the number of CPUs). */
        public Builder optMaxParallel(int n) {
            this.maxParallel = n;
            return this;
        }

        /** Processes and threads a program may have (RLIMIT_NPROC of its uid; default 64). */
        public Builder optMaxProcesses(int n) {
            this.maxProcesses = n;
            return this;
        }

        /** Bytes of stdout read (default 8 MiB); more is an output-limit excess, judged WA. Also RLIMIT_FSIZE. */
        public Builder optOutputLimitBytes(int bytes) {
            this.outputLimitBytes = bytes;
            return this;
        }

        /** Size of the private /tmp (default 64 MiB). */
        public Builder optTmpBytes(long bytes) {
            this.tmpBytes = bytes;
            return this;
        }

        /** CPU time for compiling (default 30 s; wall clock twice that). */
        public Builder optCompileTimeLimit(Duration limit) {
            this.compileTimeLimit = limit;
            return this;
        }

        /** Stop at the first failing test (default true, as LiveCodeBench does). */
        public Builder optStopOnFirstFailure(boolean stop) {
            this.stopOnFirstFailure = stop;
            return this;
        }

        /** Host directory for the runs' directories (default {@code java.io.tmpdir/vibe-judge}). */
        public Builder optWorkDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /**
         * Where the search for the {@code maxParallel} unprivileged uids the sandboxes run as starts (default
         * 61000). Uids are reserved host-wide with lock files, so judges in other JVMs take other uids.
         */
        public Builder optSandboxUidBase(int uid) {
            this.uidBase = uid;
            return this;
        }

        /** Python interpreter (default /usr/bin/python3, else python3 on PATH). */
        public Builder optPython(Path python) {
            this.python = python;
            return this;
        }

        /** C++ compiler (default g++ on PATH). */
        public Builder optCxx(Path cxx) {
            this.cxx = cxx;
            return this;
        }

        /** JDK for Java programs (default: the one javac on PATH belongs to). */
        public Builder optJdkHome(Path home) {
            this.jdkHome = home;
            return this;
        }

        /**
         * @throws IllegalArgumentException on an invalid setting
         * @throws SandboxUnavailableException when bwrap, prlimit or setpriv is missing
         */
        public CodeJudge build() {
            require(timeLimit != null && !timeLimit.isNegative() && !timeLimit.isZero(),
                    "time limit must be positive, got " + timeLimit);
            Duration wall = wallTimeLimit != null ? wallTimeLimit : timeLimit.multipliedBy(2).plusSeconds(1);
            require(!wall.isNegative() && !wall.isZero(), "wall-clock limit must be positive, got " + wall);
            require(memoryLimitMb >= 16, "memory limit must be at least 16 MB, got " + memoryLimitMb);
            require(maxParallel >= 1, "max parallel must be at least 1, got " + maxParallel);
            require(maxProcesses >= 1, "max processes must be at least 1, got " + maxProcesses);
            require(outputLimitBytes >= 1024, "output limit must be at least 1024 bytes, got " + outputLimitBytes);
            require(tmpBytes >= 1 << 20, "tmp size must be at least 1 MiB, got " + tmpBytes);
            require(compileTimeLimit != null && !compileTimeLimit.isNegative() && !compileTimeLimit.isZero(),
                    "compile time limit must be positive, got " + compileTimeLimit);
            require(workDir != null, "work dir must be set");
            Settings settings = new Settings(timeLimit, wall, memoryLimitMb, maxParallel, maxProcesses,
                    outputLimitBytes, tmpBytes, compileTimeLimit, stopOnFirstFailure, workDir.toAbsolutePath(),
                    uidBase);
            Sandbox sandbox = Sandbox.create(settings.uidBase(), settings.maxParallel());
            return new CodeJudge(settings, sandbox, new Toolchain(python, cxx, jdkHome));
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        private static Path defaultPython() {
            Path system = Path.of("/usr/bin/python3");
            if (Files.isExecutable(system)) {
                try {
                    return system.toRealPath();
                } catch (IOException e) {
                    return system;
                }
            }
            return Toolchain.onPath("python3");
        }

        private static Path defaultJdk() {
            Path javac = Toolchain.onPath("javac");
            return javac == null ? null : javac.getParent().getParent();
        }
    }
}
