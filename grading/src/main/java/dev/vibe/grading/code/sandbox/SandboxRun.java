package dev.vibe.grading.code.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * What one sandboxed run did.
 *
 * @param exitCode bwrap's exit status: the program's, or 128 + signal when a signal ended it; -1 when it never ran
 * @param stdout the program's stdout, at most {@link SandboxLimits#maxStdoutBytes()}
 * @param stdoutOverflow the program wrote more than the cap and was killed for it
 * @param stderrTail the last bytes of stderr (for excerpts and for recognising out-of-memory errors)
 * @param wallMillis wall-clock time from start to the end of the process tree
 * @param wallTimeout the judge killed the tree at the wall-clock limit
 * @param peakRssKb the program's peak resident memory in KB (its largest process), or -1 when unknown (killed at
 *     the wall-clock limit, GNU time missing); measured inside the sandbox, so a program could misreport it
 * @param sandboxFailure why the sandbox itself failed (bwrap, prlimit or setpriv could not set up or start the
 *     program), or null when the program ran
 */
public record SandboxRun(int exitCode, byte[] stdout, boolean stdoutOverflow, String stderrTail, long wallMillis,
                         boolean wallTimeout, long peakRssKb, String sandboxFailure) {

    /** SIGKILL, sent by RLIMIT_CPU's hard limit. */
    public static final int SIGKILL = 9;
    /** SIGXCPU, sent by RLIMIT_CPU's soft limit. */
    public static final int SIGXCPU = 24;

    static SandboxRun failed(String why, long wallMillis) {
        return new SandboxRun(-1, new byte[0], false, "", wallMillis, false, -1, why);
    }

    /** The signal that ended the program, or 0 when it exited by itself. */
    public int signal() {
        return exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : 0;
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public boolean sandboxFailed() {
        return sandboxFailure != null;
    }
}
