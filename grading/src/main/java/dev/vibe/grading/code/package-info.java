/**
 * Sandboxed code judging: {@link dev.vibe.grading.code.CodeJudge} compiles and runs a program (Python, C++, Java)
 * against a {@link dev.vibe.grading.code.testdata.TestSuite} (LiveCodeBench or APPS/TACO tests, read by
 * {@link dev.vibe.grading.code.testdata.TestSuites}), each run in a bubblewrap sandbox
 * ({@link dev.vibe.grading.code.sandbox.Sandbox}): no network, nothing of the host but a read-only /usr, a private
 * size-limited /tmp, an unprivileged uid per concurrent slot, rlimits on CPU, address space, processes and file
 * size, a wall clock, and the whole process tree killed with the sandbox's pid namespace. Outputs are compared as
 * testlib does ({@link dev.vibe.grading.code.compare.TokenComparator}); functional return values as JSON
 * ({@link dev.vibe.grading.code.compare.JsonValueComparator}). Verdicts: AC, WA, TLE, MLE, RE, CE and
 * SANDBOX_ERROR, the last never the program's fault.
 */
package dev.vibe.grading.code;
