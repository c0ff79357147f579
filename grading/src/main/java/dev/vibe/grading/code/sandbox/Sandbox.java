package dev.vibe.grading.code.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command in a bubblewrap sandbox: new pid, ipc, net, uts and cgroup namespaces, a read-only /usr and
 * nothing else of the host but the run's own directory, a private size-limited tmpfs on /tmp, no environment of
 * ours, rlimits (prlimit) and an unprivileged uid per concurrent slot (setpriv). We run as root, and root ignores
 * RLIMIT_NPROC, so the uid drop is what makes the process limit bite. bwrap's pid namespace is what kills the
 * whole tree: when its init dies every process inside dies with it, so killing bwrap kills everything.
 *
 * <p>Thread-safe; {@link #run} blocks while all slots are busy.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    /** Where the run's directory appears inside the sandbox. */
    public static final String BOX = "/box";
    /** Writable, size-limited, private to the run. */
    public static final String TMP = "/tmp";
    /** Environment of the sandboxed program: nothing of ours (no tokens, no paths of the host). */
    private static final String[][] ENV = {
        {"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", TMP}, {"LANG", "C.UTF-8"},
        {"PYTHONIOENCODING", "utf-8"}, {"PYTHONDONTWRITEBYTECODE", "1"},
        // glibc reserves 64 MB of address space per thread arena: JVMs under RLIMIT_AS need few arenas
        {"MALLOC_ARENA_MAX", "2"}
    };
    /** Prefixes with which bwrap, prlimit, setpriv and time report their own failures before the program runs. */
    private static final String[] TOOL_ERRORS = {"bwrap: ", "prlimit: ", "setpriv: ", "/usr/bin/time: cannot run "};
    /** GNU time, the program's parent in the sandbox: reports the peak RSS on the last line of stderr. */
    private static final Path GNU_TIME = Path.of("/usr/bin/time");
    /** The line GNU time prints after the program ended. */
    private static final String PEAK_RSS = "vibe-peak-rss-kb=";
    /** How long we wait for the pipes and the uid's last processes after the tree ended. */
    private static final long SETTLE_MILLIS = 3000;

    private final Path bwrap;
    private final Path prlimit;
    private final Path setpriv;
    private final UidPool uids;
    /** Whether GNU time (Debian package time) is there to measure peak memory; without it memory is unknown. */
    private final boolean measuresMemory;

    private Sandbox(Path bwrap, Path prlimit, Path setpriv, UidPool uids) {
        this.bwrap = bwrap;
        this.prlimit = prlimit;
        this.setpriv = setpriv;
        this.uids = uids;
        this.measuresMemory = Files.isExecutable(GNU_TIME);
        if (!measuresMemory) {
            LOG.warn("{} not found (Debian package time): peak memory of sandboxed runs is not measured", GNU_TIME);
        }
    }

    /**
     * A sandbox with {@code slots} concurrent runs, each as its own uid: the first {@code slots} uids from
     * {@code uidBase} on that no other judge on the host holds.
     *
     * @throws SandboxUnavailableException when bwrap, prlimit or setpriv is missing or no uids are free
     */
    public static Sandbox create(int uidBase, int slots) {
        Path bwrap = locate("bwrap", "the Debian package bubblewrap (apt-get install -y bubblewrap)");
        Path prlimit = locate("prlimit", "util-linux");
        Path setpriv = locate("setpriv", "util-linux");
        return new Sandbox(bwrap, prlimit, setpriv, new UidPool(uidBase, slots));
    }

    /** One run: the command, its stdin, the run's directory and how it is mounted, the limits. */
    public record Request(List<String> command, byte[] stdin, Path box, boolean boxWritable, String workDir,
                          SandboxLimits limits, List<Path> extraReadOnly) {
        public Request {
            command = List.copyOf(command);
            Objects.requireNonNull(stdin, "stdin");
            Objects.requireNonNull(box, "box");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(limits, "limits");
            extraReadOnly = List.copyOf(extraReadOnly);
        }
    }

    /** Runs the request in a free slot (waiting for one); never throws for what the program does. */
    public SandboxRun run(Request request) throws InterruptedException {
        int uid = uids.acquire();
        try {
            return runAs(uid, request);
        } finally {
            reapUid(uid);
            uids.release(uid);
        }
    }

    private SandboxRun runAs(int uid, Request request) throws InterruptedException {
        List<String> argv = commandLine(uid, request);
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            return SandboxRun.failed("cannot start bwrap: " + e.getMessage(), 0);
        }
        SandboxLimits limits = request.limits();
        StreamDrain out = StreamDrain.head("sandbox-stdout", process.getInputStream(), limits.maxStdoutBytes(),
                process::destroyForcibly);
        StreamDrain err = StreamDrain.tail("sandbox-stderr", process.getErrorStream(), limits.maxStderrBytes());
        Thread feeder = feed(process.getOutputStream(), request.stdin());
        boolean finished;
        try {
            finished = process.waitFor(limits.wallTime().toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            // the only way out of this method leaves no process behind, even on interrupt
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        int exit = process.waitFor();
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        out.await(SETTLE_MILLIS);
        err.await(SETTLE_MILLIS);
        feeder.interrupt();
        String stderr = err.text();
        boolean timedOut = !finished && !out.overflow();
        String failure = toolFailure(exit, stderr, timedOut || out.overflow());
        if (failure != null) {
            return SandboxRun.failed(failure, wallMillis);
        }
        long peakRssKb = -1;
        int marker = stderr.lastIndexOf(PEAK_RSS);
        if (measuresMemory && marker >= 0 && (marker == 0 || stderr.charAt(marker - 1) == '\n')) {
            try {
                peakRssKb = Long.parseLong(stderr.substring(marker + PEAK_RSS.length()).strip());
                stderr = stderr.substring(0, marker);
            } catch (NumberFormatException notOurs) {
                // the program printed something like it; memory stays unknown
            }
        }
        return new SandboxRun(exit, out.bytes(), out.overflow(), stderr, wallMillis, timedOut, peakRssKb, null);
    }

    /** The bwrap | prlimit | setpriv | command line for one run. */
    List<String> commandLine(int uid, Request request) {
        List<String> a = new ArrayList<>();
        a.add(bwrap.toString());
        a.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
            Path p = Path.of(top);
            if (Files.isSymbolicLink(p)) {
                try {
                    a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), top));
                } catch (IOException e) {
                    LOG.debug("cannot read link {}", p, e);
                }
            } else if (Files.isDirectory(p)) {
                a.addAll(List.of("--ro-bind", top, top));
            }
        }
        // an /etc of our own: the host's (passwd, hosts, secrets) stays invisible; bwrap would create it 0700
        a.addAll(List.of("--perms", "0755", "--dir", "/etc"));
        List<Path> extra = new ArrayList<>(request.extraReadOnly());
        for (Path tool : List.of(prlimit, setpriv)) {
            if (!tool.startsWith("/usr")) {
                extra.add(tool);
            }
        }
        java.util.Set<Path> made = new java.util.HashSet<>(List.of(Path.of("/etc")));
        for (Path p : extra) {
            // bwrap would create the missing parents 0700, out of reach of the sandbox uid
            for (int i = 1; i < p.getNameCount(); i++) {
                Path parent = p.getRoot().resolve(p.subpath(0, i));
                if (!parent.startsWith("/usr") && made.add(parent)) {
                    a.addAll(List.of("--perms", "0755", "--dir", parent.toString()));
                }
            }
            a.addAll(List.of("--ro-bind-try", p.toString(), p.toString()));
        }
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        a.addAll(List.of("--perms", "1777", "--size", Long.toString(request.limits().tmpBytes()), "--tmpfs", TMP));
        a.addAll(List.of(request.boxWritable() ? "--bind" : "--ro-bind", request.box().toString(), BOX));
        a.addAll(List.of("--chdir", request.workDir()));
        a.addAll(List.of("--unshare-pid", "--unshare-ipc", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent", "--new-session"));
        // no user namespace: setpriv needs real CAP_SETUID/SETGID to become the slot's uid, then drops all
        a.addAll(List.of("--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"));
        a.add("--clearenv");
        for (String[] kv : ENV) {
            a.addAll(List.of("--setenv", kv[0], kv[1]));
        }
        a.add("--");
        SandboxLimits l = request.limits();
        a.add(prlimit.toString());
        a.add("--cpu=" + l.cpuSeconds() + ":" + (l.cpuSeconds() + 1));
        if (l.addressSpaceBytes() > 0) {
            a.add("--as=" + l.addressSpaceBytes());
            a.add("--stack=" + l.addressSpaceBytes());
        }
        a.add("--nproc=" + l.maxProcesses());
        a.add("--fsize=" + l.maxFileBytes());
        a.add("--core=0");
        a.add("--");
        if (measuresMemory) {
            // exits 128 + signal when the program died of one, as bwrap does, so the status reads the same; it
            // stays root (before setpriv) so that the program, its child, cannot signal it
            a.addAll(List.of(GNU_TIME.toString(), "--quiet", "--format=" + PEAK_RSS + "%M", "--"));
        }
        a.addAll(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--no-new-privs", "--"));
        a.addAll(request.command());
        return a;
    }

    /**
     * bwrap, prlimit and setpriv exit 1 (or 127 when the command is missing) with their name first on stderr when
     * they fail before the program runs. A program could print the same to make its run count as ours: it would
     * then be reported as a sandbox error, never graded AC.
     */
    private static String toolFailure(int exit, String stderr, boolean killedByUs) {
        if (killedByUs || (exit != 1 && exit != 126 && exit != 127)) {
            return null;
        }
        for (String prefix : TOOL_ERRORS) {
            if (stderr.startsWith(prefix)) {
                return stderr.lines().findFirst().orElse(prefix).strip();
            }
        }
        return null;
    }

    private static Thread feed(OutputStream stdin, byte[] data) {
        Thread t = new Thread(() -> {
            try (stdin) {
                stdin.write(data);
            } catch (IOException e) {
                // the program closed stdin or ended without reading it: not an error
            }
        }, "sandbox-stdin");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * After the tree ended no process of the uid should remain (the pid namespace is gone); the kernel tears the
     * namespace down asynchronously after a kill, so wait for it, and kill by pid whatever still lingers before the
     * uid is handed to the next run.
     */
    private void reapUid(int uid) {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        List<Long> left = processesOf(uid, uid + 1);
        while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = processesOf(uid, uid + 1);
        }
        if (!left.isEmpty()) {
            LOG.warn("sandbox uid {} still has processes {} after its run: killing them", uid, left);
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** Host processes running as one of this sandbox's uids (for checks that nothing survived). */
    public List<Long> livingSandboxProcesses() {
        List<Long> pids = new ArrayList<>();
        for (int uid : uids.uids()) {
            pids.addAll(processesOf(uid, uid + 1));
        }
        return pids;
    }

    /** Releases the sandbox's uids to other judges on the host. */
    @Override
    public void close() {
        uids.close();
    }

    /** Pids whose real uid is in [from, to), read from /proc. */
    static List<Long> processesOf(int from, int to) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            int real = Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                            if (real >= from && real < to) {
                                pids.add(Long.parseLong(p.getFileName().toString()));
                            }
                            break;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot list /proc", e);
        }
        return pids;
    }

    private static Path locate(String tool, String packageHint) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                try {
                    return p.toRealPath();
                } catch (IOException e) {
                    return p.toAbsolutePath();
                }
            }
        }
        throw new SandboxUnavailableException(tool + " not found on PATH: the code judge needs it (install "
                + packageHint + ")");
    }
}
