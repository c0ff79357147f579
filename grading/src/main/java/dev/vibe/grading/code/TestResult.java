package dev.vibe.grading.code;

/**
 * The outcome of one test.
 *
 * @param index the test's position in the suite (0-based)
 * @param verdict the verdict
 * @param timeMillis wall-clock time of the run in the sandbox (includes the interpreter's or JVM's start-up)
 * @param memoryKb peak resident memory of the program's largest process in KB (GNU time inside the sandbox), or
 *     null when unknown (killed at the wall-clock limit, GNU time missing)
 * @param stderr the last few hundred characters of the program's stderr
 * @param reason why the verdict, for a person (first difference, exit code, signal, limit hit)
 */
public record TestResult(int index, Verdict verdict, long timeMillis, Long memoryKb, String stderr, String reason) {
}
