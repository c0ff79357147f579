package dev.vibe.grading.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.grading.code.testdata.TestCase;
import dev.vibe.grading.code.testdata.TestSuite;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile programs through real sandboxes. Where an attack can "succeed", the expected output is what it would
 * print on success, so a sandbox that lets it through turns the verdict into AC and the test fails. After every
 * test no process of a sandbox uid and no extra child of this JVM may be left.
 */
class SandboxContainmentIT extends JudgeIntegrationTest {

    private static JudgeResult python(String code, String expected) throws InterruptedException {
        JudgeResult r = judge.judge(code, Language.PYTHON, stdin("", expected));
        System.out.println(r.verdict() + " | " + r.reason() + " | " + code.replace("\n", "\\n"));
        return r;
    }

    @Test
    void infiniteLoopIsTle() throws Exception {
        JudgeResult r = python("while True:\n    pass\n", "1");
        // on an idle host the CPU limit ends it (SIGXCPU); on a loaded one the wall clock may come first
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.TLE);
    }

    @Test
    void limitsApplyInsideTheSandbox() throws Exception {
        String code = "import os, resource as r\n"
                + "print(os.getuid() >= 1000, os.getgid() >= 1000, os.getgroups())\n"
                + "for k in (r.RLIMIT_CPU, r.RLIMIT_AS, r.RLIMIT_NPROC, r.RLIMIT_FSIZE, r.RLIMIT_CORE):\n"
                + "    print(*r.getrlimit(k))\n";
        JudgeResult r = python(code, "True True [] 1 2 " + (256 << 20) + " " + (256 << 20) + " 64 64 "
                + (1 << 20) + " " + (1 << 20) + " 0 0");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
    }

    @Test
    void sleepingIsTleByWallClock() throws Exception {
        JudgeResult r = python("import time\ntime.sleep(60)\nprint(1)\n", "1");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.TLE);
        assertThat(r.reason()).contains("wall-clock");
        assertThat(r.tests().get(0).timeMillis()).isLessThan(60_000);
    }

    @Test
    void processLimitBitesForTheSandboxUid() throws Exception {
        // 200 sleeping children if nothing stops it; RLIMIT_NPROC (64) must, since the program is not root
        String code = "import os, time\nn = 0\nfor i in range(200):\n    try:\n        pid = os.fork()\n"
                + "    except OSError:\n        break\n    if pid == 0:\n        time.sleep(30)\n        os._exit(0)\n"
                + "    n += 1\nprint(n)\n";
        JudgeResult r = python(code, "200");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.WA);
        assertThat(r.reason()).contains("expected '200'");
    }

    @Test
    void forkBombIsContained() throws Exception {
        String code = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n";
        JudgeResult r = python(code, "1");
        assertThat(r.verdict()).as(r.toString()).isIn(Verdict.TLE, Verdict.RE);
        // the judge still works right after
        assertThat(python("print(1)\n", "1").verdict()).isEqualTo(Verdict.AC);
    }

    @Test
    void memoryBombIsMle() throws Exception {
        // twice the limit, every page touched: without the limit this prints "allocated" and is AC
        JudgeResult once = python("b = bytearray(512 * 1024 * 1024)\nfor i in range(0, len(b), 4096):\n"
                + "    b[i] = 1\nprint('allocated')\n", "allocated");
        assertThat(once.verdict()).as(once.toString()).isEqualTo(Verdict.MLE);
        JudgeResult growing = python("blocks = []\nwhile True:\n    blocks.append(bytearray(16 * 1024 * 1024))\n",
                "1");
        assertThat(growing.verdict()).as(growing.toString()).isEqualTo(Verdict.MLE);
        JudgeResult cpp = judge.judge("#include <vector>\n#include <cstdio>\nint main(){ std::vector<char> v(512u << 20, 1);"
                + " printf(\"allocated\\n\"); }\n", Language.CPP, stdin("", "allocated"));
        assertThat(cpp.verdict()).as(cpp.toString()).isEqualTo(Verdict.MLE);
        JudgeResult java = judge.judge("public class Main { public static void main(String[] a) {"
                + " long[][] b = new long[16][]; for (int i = 0; i < b.length; i++) b[i] = new long[1 << 22];"
                + " System.out.println(\"allocated\"); } }", Language.JAVA, stdin("", "allocated"));
        assertThat(java.verdict()).as(java.toString()).isEqualTo(Verdict.MLE);
    }

    @Test
    void javaNativeMemoryIsCappedToo() throws Exception {
        // off-heap memory escapes -Xmx: RLIMIT_AS must stop it (4 GB reserved, untouched, succeeds without it)
        String code = "import java.lang.reflect.Field;\npublic class Main { public static void main(String[] a)"
                + " throws Exception { Field f = sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\");"
                + " f.setAccessible(true); sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);"
                + " u.allocateMemory(4L << 30); System.out.println(\"allocated\"); } }";
        JudgeResult r = judge.judge(code, Language.JAVA, stdin("", "allocated"));
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.MLE);
    }

    @Test
    void hostFilesAreInvisible(@TempDir Path dir) throws Exception {
        String secret = "vibe-secret-" + System.nanoTime();
        Path secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, secret);
        Path source = Path.of("src/test/java/dev/vibe/grading/code/SandboxContainmentIT.java").toAbsolutePath();
        String[][] cases = {
            {secretFile.toString(), secret},
            {source.toString(), Files.readString(source)},
            {"/etc/passwd", Files.readString(Path.of("/etc/passwd"))},
        };
        for (String[] c : cases) {
            JudgeResult r = python("print(open(" + pyString(c[0]) + ").read(), end='')\n", c[1]);
            assertThat(r.verdict()).as(c[0] + ": " + r).isEqualTo(Verdict.RE);
            assertThat(r.tests().get(0).stderr()).contains("No such file or directory").doesNotContain(secret);
        }
    }

    @Test
    void writesOutsideTmpFailAndTheHostIsUnchanged(@TempDir Path dir) throws Exception {
        Path hostFile = dir.resolve("host.txt");
        Files.writeString(hostFile, "original");
        String code = "import os\nfor p in [" + pyString(hostFile.toString()) + ", '/usr/vibe-pwned', '/box/main.py',"
                + " '/box/vibe-pwned', '/etc/vibe-pwned']:\n"
                + "    try:\n        open(p, 'w').write('pwned')\n        print('wrote', p)\n"
                + "    except OSError:\n        print('denied')\n"
                + "open('/tmp/scratch', 'w').write('ok')\nprint(open('/tmp/scratch').read())\n";
        JudgeResult r = python(code, "denied denied denied denied denied ok");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
        assertThat(Files.readString(hostFile)).isEqualTo("original");
        assertThat(Path.of("/usr/vibe-pwned")).doesNotExist();
    }

    @Test
    void networkIsUnreachable() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(100);
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // poll again until closed
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.start();
            String code = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', " + server.getLocalPort()
                    + "), timeout=2)\n    print('connected')\nexcept OSError:\n    print('refused')\n";
            JudgeResult r = python(code, "refused");
            assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
            server.close();
            acceptor.join(2000);
        }
        assertThat(accepted.get()).as("connections the loopback server accepted").isZero();
    }

    @Test
    void outputFloodIsCappedAndWa() throws Exception {
        JudgeResult r = python("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n", "x");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.WA);
        assertThat(r.reason()).contains("output limit exceeded");
    }

    @Test
    void childrenThatOutliveTheirParentAreKilled() throws Exception {
        // a double-forked daemon in its own session keeps running after the program printed and exited
        String code = "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
                + "        time.sleep(60)\n    os._exit(0)\nprint(42)\n";
        JudgeResult r = python(code, "42");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
        // @AfterEach checks that the daemon is gone
    }

    @Test
    void killingTheParentIsDeniedAndTheJudgeLives() throws Exception {
        String code = "import os\ntry:\n    os.kill(os.getppid(), 9)\n    print('killed')\n"
                + "except PermissionError:\n    print('denied')\n";
        JudgeResult r = python(code, "denied");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
        JudgeResult uncaught = python("import os\nos.kill(os.getppid(), 9)\nprint(1)\n", "1");
        assertThat(uncaught.verdict()).as(uncaught.toString()).isEqualTo(Verdict.RE);
        // SIGKILL to every process it may signal: none but its own uid's, so it kills nothing (not even the
        // sandbox's init or the GNU time above it) and finishes
        JudgeResult everyone = python("import os\nos.kill(-1, 9)\nprint(1)\n", "1");
        assertThat(everyone.verdict()).as(everyone.toString()).isEqualTo(Verdict.AC);
        assertThat(python("print(1)\n", "1").verdict()).isEqualTo(Verdict.AC);
    }

    @Test
    void exitingCleanlyWithoutOutputIsWa() throws Exception {
        JudgeResult r = python("import sys\nsys.exit(0)\n", "7");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.WA);
        assertThat(r.reason()).contains("no output");
    }

    @Test
    void returnedObjectsCannotLieAboutEquality() throws Exception {
        TestSuite suite = new TestSuite(List.of(TestCase.functional("[1, 2]", "3")), "add");
        String liar = "class Liar:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\n"
                + "class Solution:\n    def add(self, xs):\n        return Liar()\n";
        JudgeResult r = judge.judge(liar, Language.PYTHON, suite);
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.WA);
        assertThat(r.reason()).contains("not JSON");
        String intLiar = "class Liar(int):\n    def __eq__(self, other):\n        return True\n"
                + "class Solution:\n    def add(self, xs):\n        return Liar(5)\n";
        assertThat(judge.judge(intLiar, Language.PYTHON, suite).verdict()).isEqualTo(Verdict.WA);
    }

    @Test
    void judgeEnvironmentIsUnreadableThroughProc() throws Exception {
        // pid 1 of the sandbox is bwrap, started with this JVM's environment; it runs as root
        JudgeResult r = python("print(open('/proc/1/environ').read())\n", "x");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.RE);
        assertThat(r.tests().get(0).stderr()).contains("Permission denied");
    }

    @Test
    void environmentOfTheJudgeIsNotPassedOn() throws Exception {
        JudgeResult r = python("import os\nprint(sorted(os.environ))\n",
                "['HOME', 'LANG', 'MALLOC_ARENA_MAX', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'PYTHONIOENCODING']");
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.AC);
    }

    private static String pyString(String s) {
        return "bytes.fromhex('" + hex(s.getBytes(StandardCharsets.UTF_8)) + "').decode()";
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
