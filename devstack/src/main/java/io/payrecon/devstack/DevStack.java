package io.payrecon.devstack;

import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
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
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
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

    /**
     * A Kafka client's settings (bootstrap servers and SASL login) as the super-user, who may do anything: for devstack
     * itself, the test harness's admin clients, observers and injectors, and people at the console. Add the client's
     * own settings to a copy.
     */
    public Map<String, Object> adminClientProperties() {
        return kafka.superUser().clientProperties(kafkaBootstrapServers());
    }

    /**
     * A Kafka client's settings as one principal of the access table, with exactly the rights of its row: for a test
     * client that plays that app or an order system.
     */
    public Map<String, Object> clientProperties(Principal principal) {
        return credentials(principal).clientProperties(kafkaBootstrapServers());
    }

    /** The SCRAM login of a principal of the access table, generated once per data directory. */
    public KafkaCredentials credentials(Principal principal) {
        return kafka.credentials(principal);
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

    /**
     * The Spring Boot properties that point an app at this stack, logged in to the broker as its principal (Boot's
     * {@code spring.kafka.security.protocol} and {@code spring.kafka.properties.sasl.*}, which every client of the app
     * takes, its admin client included).
     */
    public Map<String, String> springProperties(Principal principal) {
        return springProperties(credentials(principal));
    }

    /**
     * The Spring Boot properties of {@link #springProperties(Principal)}, logged in as the super-user: for a test
     * application that plays no app of the access table (the outbox library's, with topics of its own).
     */
    public Map<String, String> springPropertiesAsSuperUser() {
        return springProperties(kafka.superUser());
    }

    private Map<String, String> springProperties(KafkaCredentials credentials) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("spring.kafka.security.protocol", KafkaCredentials.SECURITY_PROTOCOL);
        properties.put("spring.kafka.properties.sasl.mechanism", KafkaCredentials.SASL_MECHANISM);
        properties.put("spring.kafka.properties.sasl.jaas.config", credentials.jaasConfig());
        properties.put("spring.datasource.url", jdbcUrl());
        properties.put("spring.datasource.username", databaseUser());
        properties.put("spring.datasource.password", databasePassword());
        return properties;
    }

    /**
     * Creates the topics that do not exist yet, with the stack's partition count and the configs the catalogue gives
     * each ({@link Topics#configs(String)}: compaction for the latest-status topic); a topic that exists already gets
     * those configs set again, so one created before them gets them too. Safe to call concurrently.
     */
    public void ensureTopics(Collection<String> names) {
        try (Admin admin = Admin.create(adminClientProperties())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream()
                    .distinct()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, settings.partitions(), (short) 1).configs(Topics.configs(name)))
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
            awaitLeaders(admin, names.stream().distinct().toList());
            Map<ConfigResource, Collection<AlterConfigOp>> configured = new LinkedHashMap<>();
            names.stream()
                    .distinct()
                    .filter(existing::contains)
                    .filter(name -> !Topics.configs(name).isEmpty())
                    .forEach(name -> configured.put(
                            new ConfigResource(ConfigResource.Type.TOPIC, name),
                            Topics.configs(name).entrySet().stream()
                                    .map(config -> new AlterConfigOp(
                                            new ConfigEntry(config.getKey(), config.getValue()),
                                            AlterConfigOp.OpType.SET))
                                    .toList()));
            if (!configured.isEmpty()) {
                admin.incrementalAlterConfigs(configured).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot create topics " + names, e);
        }
    }

    /**
     * Waits until every partition of the topics has a leader (those another caller just created too). The broker takes
     * the leadership a moment after the controller created a topic; a producer writing before then is refused
     * (NOT_LEADER_OR_FOLLOWER) and retries, and a test that publishes at once with a short timeout would time out on
     * the broker, not on what it tests.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!topics.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Topics " + topics + " have partitions without a leader after 30 s");
            }
            try {
                boolean led =
                        admin.describeTopics(topics).allTopicNames().get(left, TimeUnit.NANOSECONDS).values().stream()
                                .flatMap(topic -> topic.partitions().stream())
                                .allMatch(partition -> partition.leader() != null
                                        && !partition.leader().isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            } catch (TimeoutException e) {
                continue; // the deadline above ends the wait
            }
            Thread.sleep(50);
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
