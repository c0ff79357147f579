package dev.vibe.grading.code;

/**
 * The outcome of one test.
 *
 * @param index the test's position in the suite (0-based)
 * @param verdict the verdict
 * @param timeMillis wall-clock time of the run in the sandbox (includes the interpreter's or JVM's start-up)
 * @param memoryKb peak memory when known, else null (rlimits do not report it)
 * @param stderr the last few hundred characters of the program's stderr
 * @param reason why the verdict, for a person (first difference, exit code, signal, limit hit)
 */
public record TestResult(int index, Verdict verdict, long timeMillis, Long memoryKb, String stderr, String reason) {
}
