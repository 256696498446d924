package io.payrecon.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker and one PostgreSQL server, started together. Tests use {@link #shared()}; a local run uses
 * {@link #start(Settings)} with fixed ports and a data directory that survives restarts.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static DevStack shared;

    private final Settings settings;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    /**
     * @param dataDir where the broker's log and the database cluster live
     * @param durable false for tests: PostgreSQL skips fsync, which a crash of the server alone never needs
     * @param deleteOnClose true for tests: the data directory is removed when the stack closes
     */
    public record Settings(
            Path dataDir,
            int kafkaPort,
            int kafkaControllerPort,
            int postgresPort,
            int partitions,
            String kafkaHeap,
            boolean durable,
            boolean deleteOnClose) {

        /** Free ports and a fresh temporary directory: what tests want. */
        public static Settings ephemeral() {
            try {
                Path dir = Files.createTempDirectory("devstack-");
                // PostgreSQL may run as another user (see PostgresServer), who must be able to walk in.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                return new Settings(
                        dir,
                        ChildProcesses.freePort(),
                        ChildProcesses.freePort(),
                        ChildProcesses.freePort(),
                        3,
                        "512m",
                        false,
                        true);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary directory for devstack", e);
            }
        }

        /** These settings with PostgreSQL durable (fsync on) or not. */
        public Settings withDurable(boolean durable) {
            return new Settings(
                    dataDir,
                    kafkaPort,
                    kafkaControllerPort,
                    postgresPort,
                    partitions,
                    kafkaHeap,
                    durable,
                    deleteOnClose);
        }
    }

    private boolean stopsOnExit;

    private DevStack(Settings settings) {
        this.settings = settings;
        this.kafka = new KafkaBroker(
                settings.dataDir().resolve("kafka"),
                settings.kafkaPort(),
                settings.kafkaControllerPort(),
                settings.kafkaHeap());
        this.postgres =
                new PostgresServer(settings.dataDir().resolve("postgres"), settings.postgresPort(), settings.durable());
    }

    /** The stack of this JVM: started on first use, on free ports with temporary data, stopped at JVM exit. */
    public static synchronized DevStack shared() {
        if (shared == null) {
            shared = start(Settings.ephemeral());
        }
        return shared;
    }

    /** Starts the broker and the database server side by side and returns once both accept connections. */
    public static DevStack start(Settings settings) {
        return of(settings).start();
    }

    /**
     * Starts the broker and the database server of a stack built with {@link #of(Settings)}; both are stopped when this
     * JVM exits, if {@link #close()} was not called before.
     */
    public synchronized DevStack start() {
        PostgresBinaries.forThisMachine(); // an unsupported platform is refused in one sentence before anything starts
        long started = System.nanoTime();
        CompletableFuture<Void> kafkaUp = CompletableFuture.runAsync(kafka::start);
        CompletableFuture<Void> postgresUp = CompletableFuture.runAsync(postgres::start);
        try {
            CompletableFuture.allOf(kafkaUp, postgresUp).join();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (!stopsOnExit) {
            // A JVM told to stop (SIGTERM, SIGINT) skips its callers' finally blocks: the database would outlive it.
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "devstack-shutdown"));
            stopsOnExit = true;
        }
        log.info(
                "devstack ready in {} ms: Kafka {}, PostgreSQL {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                kafkaBootstrapServers(),
                jdbcUrl());
        return this;
    }

    /** Builds the stack without starting it: to find where its data lives, for instance. */
    public static DevStack of(Settings settings) {
        return new DevStack(settings);
    }

    /** True when nothing listens on the local port. */
    public static boolean isPortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String databaseUser() {
        return PostgresServer.USER;
    }

    public String databasePassword() {
        return PostgresServer.PASSWORD;
    }

    /** The Spring Boot properties that point an app at this stack. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("spring.datasource.url", jdbcUrl());
        properties.put("spring.datasource.username", databaseUser());
        properties.put("spring.datasource.password", databasePassword());
        return properties;
    }

    /** Creates the topics that do not exist yet, with the stack's partition count. Safe to call concurrently. */
    public void ensureTopics(Collection<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream()
                    .distinct()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, settings.partitions(), (short) 1))
                    .toList();
            for (var result : admin.createTopics(missing).values().values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot create topics " + names, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
        if (settings.deleteOnClose()) {
            deleteRecursively(settings.dataDir());
            if (!postgres.dataDirectory().startsWith(settings.dataDir())) {
                deleteRecursively(postgres.dataDirectory().getParent()); // moved to /var/tmp, see PostgresServer
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return; // deleted by an earlier close
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
