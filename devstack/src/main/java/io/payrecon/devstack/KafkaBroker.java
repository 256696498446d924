package io.payrecon.devstack;

import io.payrecon.events.Principal;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (combined broker and controller), run by {@link KafkaBrokerMain} in
 * a JVM of its own. Its ports and data survive {@link #stop()} and {@link #start()}, so clients reconnect to
 * the same broker with the same log, as after a real restart.
 *
 * <p>Every client authenticates (architecture §2, "the broker is a trust boundary"): the listener speaks
 * SASL_PLAINTEXT with SCRAM-SHA-512 only, for clients and between brokers; the controller listener SASL PLAIN, with
 * the broker's own identity (SCRAM cannot work there: its credentials live in the metadata the controller serves).
 * ACLs are enforced by the {@code StandardAuthorizer}, nothing is allowed without one, and {@code admin} is the one
 * super-user. Its SCRAM credential is written into the log when the storage is formatted; every start then creates
 * each principal's credential and the ACLs of the access table ({@link KafkaAccess}) before returning.
 */
public final class KafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private Process process;
    private KafkaPasswords passwords;

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

    /**
     * The super-user's login: for devstack itself, the test harness and people at the console. Generated with the data
     * directory, so known once the broker was started (or its data directory created) once.
     */
    public synchronized KafkaCredentials superUser() {
        return passwords().superUser();
    }

    /** The login of a principal of the access table, with exactly the rights of its row. */
    public synchronized KafkaCredentials credentials(Principal principal) {
        return passwords().of(principal);
    }

    /**
     * Starts the broker and returns once it answers its super-user on its listener and serves the users and ACLs of
     * the access table. Does nothing when it already runs.
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        ChildProcesses.requirePortFree(port, "the Kafka broker");
        ChildProcesses.requirePortFree(controllerPort, "the Kafka controller");
        try {
            prepareDataDirectory();
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
                    Long.toString(ProcessHandle.current().pid()),
                    dataDir.resolve(KafkaPasswords.FILE).toString()));
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

    private KafkaPasswords passwords() {
        if (passwords == null) {
            try {
                prepareDataDirectory();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the Kafka data directory " + dataDir, e);
            }
        }
        return passwords;
    }

    /** The data directory with its credentials, and without a log that predates them. */
    private void prepareDataDirectory() throws IOException {
        Files.createDirectories(dataDir);
        recreateIfFormattedWithoutAuthentication();
        passwords = KafkaPasswords.in(dataDir);
    }

    /**
     * A log directory formatted before the broker required authentication has no super-user credential in its
     * metadata, so nobody could ever log in to it: it is recognised by the missing {@link KafkaPasswords} file, which
     * every format since writes first, and deleted so that it is formatted again. Its topics hold development data
     * only; the orders are in PostgreSQL.
     */
    private void recreateIfFormattedWithoutAuthentication() throws IOException {
        Path logDir = dataDir.resolve("log");
        if (Files.exists(logDir.resolve("meta.properties")) && !KafkaPasswords.existIn(dataDir)) {
            log.warn(
                    "Kafka's data in {} predates SASL authentication (no super-user in it): recreating it empty; its"
                            + " topics held development data only, PostgreSQL keeps the orders",
                    logDir);
            try (Stream<Path> paths = Files.walk(logDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
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
        Map<String, Object> config = new HashMap<>(passwords().superUser().clientProperties(bootstrapServers()));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
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
                    KafkaAccess.apply(admin, passwords);
                    return;
                } catch (Exception notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        process.destroyForcibly();
                        throw new IllegalStateException(
                                "The Kafka broker did not become ready within " + READY_TIMEOUT + "; see " + logFile()
                                        + (refusedLogin(notYet)
                                                ? ". It refused the super-user's login: " + dataDir + " holds another"
                                                        + " credential than " + KafkaPasswords.FILE + "; delete "
                                                        + dataDir
                                                        + " (./pipeline reset) to start again"
                                                : ""),
                                notYet);
                    }
                    ChildProcesses.sleep(Duration.ofMillis(200));
                }
            }
        }
    }

    private static boolean refusedLogin(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return true;
            }
        }
        return false;
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
        config.put("listeners", "BROKER://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "BROKER://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "BROKER");
        config.put("listener.security.protocol.map", "BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        // Clients and the broker itself log in with SCRAM-SHA-512 on the broker listener; the super-user's credential
        // is in the metadata from the format on (KafkaBrokerMain), the principals' are added on every start.
        KafkaCredentials superUser = passwords().superUser();
        config.put("sasl.enabled.mechanisms", KafkaCredentials.SASL_MECHANISM);
        config.put("listener.name.broker.sasl.enabled.mechanisms", KafkaCredentials.SASL_MECHANISM);
        config.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.SASL_MECHANISM);
        config.put("listener.name.broker.scram-sha-512.sasl.jaas.config", superUser.jaasConfig());
        // The controller listener cannot use SCRAM (the controller would need the metadata it serves to check it):
        // PLAIN, with the super-user as its only user, for the broker's own connection to its controller.
        config.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        config.put("sasl.mechanism.controller.protocol", "PLAIN");
        config.put(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username="
                        + KafkaCredentials.quoted(superUser.username()) + " password="
                        + KafkaCredentials.quoted(superUser.password()) + " user_" + superUser.username() + "="
                        + KafkaCredentials.quoted(superUser.password()) + ";");
        // Nothing without an ACL: each principal may do what its row of the access table says (KafkaAccess).
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:" + superUser.username());
        config.put("allow.everyone.if.no.acl.found", "false");
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
        // It holds the super-user's password: readable by its owner only, from the moment it exists.
        Path file = dataDir.resolve("server.properties");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
            return self + File.pathSeparator + dependencies;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate devstack's classes", e);
        }
    }
}
