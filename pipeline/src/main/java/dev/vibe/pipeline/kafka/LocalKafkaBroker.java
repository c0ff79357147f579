package dev.vibe.pipeline.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker for local runs: KRaft, combined broker + controller on 127.0.0.1, started in the
 * background as a child JVM from the Maven artifacts ({@code kafka.tools.StorageTool format}, then
 * {@code kafka.Kafka server.properties}; both call {@code System.exit}, hence a child JVM). Its files live in one
 * folder: {@code server.properties}, {@code data/}, {@code broker.pid}, {@code broker.log}.
 *
 * <pre>{@code
 * LocalKafkaBroker broker = LocalKafkaBroker.builder().setDir(home.resolve(".vibe/kafka")).build();
 * String bootstrap = broker.start(9092);   // waits until an admin client gets an answer
 * broker.stop();
 * }</pre>
 */
public final class LocalKafkaBroker {

    /** Default client port. */
    public static final int DEFAULT_PORT = 9092;
    /** Main class of the broker in {@code kafka_2.13}. */
    public static final String BROKER_MAIN = "kafka.Kafka";
    /** Main class of the storage formatter in {@code kafka_2.13}. */
    public static final String STORAGE_TOOL_MAIN = "kafka.tools.StorageTool";

    private static final String PID_FILE = "broker.pid";
    private static final String PORT_FILE = "broker.port";
    private static final String LOG_FILE = "broker.log";
    private static final String PROPERTIES_FILE = "server.properties";

    private final Path dir;
    private final String classpath;
    private final String java;
    private final Duration startTimeout;
    private final String heap;

    private LocalKafkaBroker(Builder b) {
        this.dir = b.dir.toAbsolutePath().normalize();
        this.classpath = b.classpath;
        this.java = b.java;
        this.startTimeout = b.startTimeout;
        this.heap = b.heap;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A running broker: its process and where clients connect. */
    public record Running(long pid, String bootstrapServers) {
    }

    /** The broker started from this folder, if its process is alive. */
    public Optional<Running> status() {
        return process().map(p -> new Running(p.pid(), bootstrap(readPort())));
    }

    /**
     * Formats the storage on first use, starts the broker on {@code port} and waits until it answers.
     *
     * @return the bootstrap address, {@code 127.0.0.1:<port>}
     * @throws IllegalStateException (one-line message) when it is already running, the port is taken, or it does
     *     not come up in time (the message quotes the log's last error)
     */
    public String start(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        Optional<Running> running = status();
        if (running.isPresent()) {
            throw new IllegalStateException("a local broker is already running at " + running.get().bootstrapServers()
                    + " (pid " + running.get().pid() + "); 'vibe kafka stop' first");
        }
        if (!portIsFree(port)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use (another Kafka?); try --port");
        }
        try {
            Files.createDirectories(dir);
            Path properties = writeProperties(port);
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                format(properties);
            }
            Path log = dir.resolve(LOG_FILE);
            Process broker = new ProcessBuilder(command(BROKER_MAIN, properties.toString()))
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Files.writeString(dir.resolve(PID_FILE), Long.toString(broker.pid()));
            Files.writeString(dir.resolve(PORT_FILE), Integer.toString(port));
            return awaitReady(broker, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the broker and its child processes (TERM, then KILL after 30 s). Returns false when none was running. */
    public boolean stop() {
        Optional<ProcessHandle> process = process();
        if (process.isEmpty()) {
            deleteQuietly(dir.resolve(PID_FILE));
            return false;
        }
        ProcessHandle p = process.get();
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        deleteQuietly(dir.resolve(PID_FILE));
        return true;
    }

    private String awaitReady(Process broker, int port, Path log) throws IOException {
        String bootstrap = bootstrap(port);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                deleteQuietly(dir.resolve(PID_FILE));
                throw new IllegalStateException("Kafka exited with status " + broker.exitValue() + ": "
                        + lastError(log) + " (log: " + log + ")");
            }
            // Probe the socket first: an admin client logs a warning for every refused connection.
            if (accepts(port) && KafkaTopics.clusterId(bootstrap, Duration.ofSeconds(2)) != null) {
                return bootstrap;
            }
            sleep(250);
        }
        broker.destroy();
        deleteQuietly(dir.resolve(PID_FILE));
        throw new IllegalStateException("Kafka did not answer at " + bootstrap + " within " + startTimeout.toSeconds()
                + " s (log: " + log + ")");
    }

    private void format(Path properties) throws IOException {
        String clusterId = uuidBase64();
        Path log = dir.resolve(LOG_FILE);
        Process tool = new ProcessBuilder(command(STORAGE_TOOL_MAIN, "format", "-t", clusterId, "-c",
                properties.toString())).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!tool.waitFor(startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                tool.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage timed out (log: " + log + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tool.destroyForcibly();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + lastError(log) + " (log: " + log + ")");
        }
    }

    /** Writes server.properties for {@code port}; the controller keeps the port it was formatted with. */
    private Path writeProperties(int port) throws IOException {
        Path file = dir.resolve(PROPERTIES_FILE);
        Properties old = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                old.load(in);
            }
        }
        String controllerPort = old.getProperty("vibe.controller.port");
        if (controllerPort == null || Integer.parseInt(controllerPort) == port) {
            controllerPort = Integer.toString(freePort(port));
        }
        List<String> lines = List.of(
                "# Written by 'vibe kafka start': a single-node KRaft broker on loopback.",
                "vibe.controller.port=" + controllerPort,
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                // One node: internal topics cannot have 3 replicas (readers would wait on close, transactions fail).
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level=WARN", "rootLogger.appenderRef.out.ref=out", "appender.out.type=Console",
                "appender.out.name=out", "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d{ISO8601} %-5p %c{1}: %m%n", "logger.kafka.name=kafka.server.KafkaRaftServer",
                "logger.kafka.level=INFO", ""));
        return file;
    }

    private List<String> command(String main, String... args) {
        // The marker comes first: /proc truncates long command lines, and stop() must recognise its own broker.
        List<String> cmd = new ArrayList<>(List.of(java, marker(), "-Xmx" + heap, "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toUri(),
                "-Dlog4j.configurationFile=" + dir.resolve("log4j2.properties").toUri(),
                "-cp", classpath, main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The live process recorded in the pid file, if it is still a Kafka broker (guards against pid reuse). */
    private Optional<ProcessHandle> process() {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().commandLine()
                    .or(() -> h.info().arguments().map(a -> String.join(" ", a)))
                    .map(c -> c.contains(marker())).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A JVM flag naming this folder, by which {@link #process()} recognises the broker it started. */
    private String marker() {
        return "-Dvibe.kafka.dir=" + dir;
    }

    private int readPort() {
        try {
            return Integer.parseInt(Files.readString(dir.resolve(PORT_FILE)).strip());
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_PORT;
        }
    }

    private static String bootstrap(int port) {
        return "127.0.0.1:" + port;
    }

    private static boolean accepts(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(int avoid) throws IOException {
        for (int i = 0; i < 10; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (s.getLocalPort() != avoid) {
                    return s.getLocalPort();
                }
            }
        }
        throw new IOException("no free loopback port for the controller");
    }

    /** Kafka cluster ids are 16 random bytes in URL-safe base64 without padding (as Uuid.randomUuid prints). */
    private static String uuidBase64() {
        UUID u = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The last ERROR/Exception line of the log, or its last line. */
    private static String lastError(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                if (l.contains("ERROR") || l.contains("Exception")) {
                    return l.strip();
                }
            }
            return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale pid file is re-checked against the live process anyway
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /** Settings; only the folder is required. */
    public static final class Builder {
        private Path dir;
        private String classpath = System.getProperty("java.class.path");
        private String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        private Duration startTimeout = Duration.ofSeconds(90);
        private String heap = "512m";

        /** Required: the broker's folder (config, data, pid, log), e.g. {@code VIBE_HOME/.vibe/kafka}. */
        public Builder setDir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Classpath holding {@code kafka_2.13} and its dependencies; default this JVM's. */
        public Builder optClasspath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** The java binary; default this JVM's. */
        public Builder optJava(String java) {
            this.java = java;
            return this;
        }

        /** How long start may take; default 90 s. */
        public Builder optStartTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** The broker's heap (-Xmx); default 512m. */
        public Builder optHeap(String heap) {
            this.heap = heap;
            return this;
        }

        public LocalKafkaBroker build() {
            if (dir == null) {
                throw new IllegalArgumentException("the broker folder is required");
            }
            if (classpath == null || classpath.isBlank()) {
                throw new IllegalArgumentException("no classpath to start Kafka from");
            }
            return new LocalKafkaBroker(this);
        }
    }
}
