package dev.vibe.cli.generate;

import dev.vibe.cli.Common;
import dev.vibe.pipeline.kafka.LocalKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vibe kafka start|stop|status}: a local single-node Kafka broker (KRaft) on 127.0.0.1, run in the background
 * from the project's own jars; its files are under {@code VIBE_HOME/.vibe/kafka}.
 */
@Command(name = "kafka", description = "Start, stop or check a local single-node Kafka broker (127.0.0.1).",
        subcommands = {KafkaCommand.Start.class, KafkaCommand.Stop.class, KafkaCommand.Status.class})
public final class KafkaCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options of every subcommand (picocli reads the inherited fields). */
    abstract static class BrokerCommand implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--dir", description = "Broker folder (config, data, pid, log). Default: VIBE_HOME/.vibe/kafka.")
        Path dir;

        LocalKafkaBroker broker() {
            return LocalKafkaBroker.builder().setDir(dir != null ? dir : Common.home().resolve(".vibe/kafka")).build();
        }
    }

    @Command(name = "start", description = "Start the broker in the background and wait until it answers.")
    static final class Start extends BrokerCommand {
        @Option(names = "--port", defaultValue = "" + LocalKafkaBroker.DEFAULT_PORT,
                description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() {
            LocalKafkaBroker broker = broker();
            if (broker.status().isEmpty()) {
                System.err.println("vibe kafka: starting a local broker on 127.0.0.1:" + port + " ...");
            }
            String bootstrap = broker.start(port);
            System.out.println(bootstrap);
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the broker (and its child processes).")
    static final class Stop extends BrokerCommand {

        @Override
        public Integer call() {
            System.out.println(broker().stop() ? "stopped" : "not running");
            return 0;
        }
    }

    @Command(name = "status", description = "Print the bootstrap address when running; exit status 1 when not.")
    static final class Status extends BrokerCommand {

        @Override
        public Integer call() {
            var running = broker().status();
            if (running.isEmpty()) {
                System.out.println("not running");
                return 1;
            }
            System.out.println(running.get().bootstrapServers() + " (pid " + running.get().pid() + ")");
            return 0;
        }
    }
}
