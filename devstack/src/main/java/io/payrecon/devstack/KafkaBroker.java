package io.payrecon.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (combined broker and controller), run by {@link KafkaBrokerMain} in
 * a JVM of its own. Its ports and data survive {@link #stop()} and {@link #start()}, so clients reconnect to
 * the same broker with the same log, as after a real restart.
 */
public final class KafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private Process process;

    KafkaBroker(Path dataDir, int port, int controllerPort, String heap) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** Where the broker keeps its log segments and configuration. */
    public Path dataDirectory() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The broker JVM's process id, for tests that signal it themselves. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("The Kafka broker is not running");
        }
        return process.pid();
    }

    /** Starts the broker and returns once it answers on its listener. Does nothing when it already runs. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        ChildProcesses.requirePortFree(port, "the Kafka broker");
        ChildProcesses.requirePortFree(controllerPort, "the Kafka controller");
        try {
            Files.createDirectories(dataDir);
            Path config = writeConfig();
            List<String> command = new ArrayList<>(List.of(
                    ChildProcesses.javaExecutable().toString(),
                    "-Xms128m",
                    "-Xmx" + heap,
                    "-XX:+UseSerialGC",
                    "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=" + writeLogConfig().toUri(),
                    "-cp",
                    brokerClasspath(),
                    KafkaBrokerMain.class.getName(),
                    config.toString(),
                    clusterId(),
                    Long.toString(ProcessHandle.current().pid())));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker in " + dataDir, e);
        }
        awaitReady();
        log.info("Kafka broker up on {} (pid {}, data {})", bootstrapServers(), process.pid(), dataDir);
    }

    /** Stops the broker cleanly, as an operator would. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            ChildProcesses.terminate(process.toHandle(), Duration.ofSeconds(30));
            log.info("Kafka broker on {} stopped", bootstrapServers());
        }
    }

    /** Kills the broker with SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.onExit().join();
            log.info("Kafka broker on {} killed", bootstrapServers());
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "The Kafka broker exited with " + process.exitValue() + "; see " + logFile());
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    // The controller answers before the broker is unfenced: topic creation is the real test.
                    admin.listTopics().names().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        process.destroyForcibly();
                        throw new IllegalStateException(
                                "The Kafka broker did not become ready within " + READY_TIMEOUT + "; see " + logFile(),
                                notYet);
                    }
                    ChildProcesses.sleep(Duration.ofMillis(200));
                }
            }
        }
    }

    private String clusterId() throws IOException {
        Path file = dataDir.resolve("cluster.id");
        if (!Files.exists(file)) {
            Files.writeString(file, Uuid.randomUuid().toString());
        }
        return Files.readString(file).trim();
    }

    private Path writeConfig() throws IOException {
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", dataDir.resolve("log").toString());
        config.put("num.partitions", "3");
        config.put("auto.create.topics.enable", "false");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        // The webhook topic is the archive: keep at least 30 days (architecture §2).
        config.put("log.retention.hours", "720");
        Path file = dataDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(out, "Written by devstack; rewritten on every start");
        }
        return file;
    }

    private Path writeLogConfig() throws IOException {
        Path file = dataDir.resolve("log4j2.properties");
        Files.writeString(file, """
                status = warn
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = info
                rootLogger.appenderRef.out.ref = out
                logger.state.name = state.change.logger
                logger.state.level = warn
                """);
        return file;
    }

    /**
     * The broker's classpath: devstack's own classes plus the Kafka server and its dependencies, resolved by
     * Maven when devstack was built (see the kafka-broker-classpath execution in its pom).
     */
    private static String brokerClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka.classpath is missing: build devstack with Maven first");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            Path self = Path.of(KafkaBrokerMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return self + java.io.File.pathSeparator + dependencies;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate devstack's classes", e);
        }
    }
}
