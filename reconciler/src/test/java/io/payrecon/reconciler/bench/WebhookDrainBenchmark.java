package io.payrecon.reconciler.bench;

import ch.qos.logback.classic.Level;
import io.payrecon.benchkit.BenchOptions;
import io.payrecon.benchkit.BenchReport;
import io.payrecon.devstack.DevStack;
import io.payrecon.events.EventCodec;
import io.payrecon.events.IntegrationEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import io.payrecon.reconciler.ReconcilerApplication;
import io.payrecon.requestclient.WebhookSignature;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * How fast the reconciler applies a backlog of webhooks, on this machine, with the broker and the database of
 * devstack beside it (one JVM runs the app, the broker and PostgreSQL are its child processes).
 *
 * <p>Each order gets a {@code payment-link.created} and one {@code payment.confirmed} webhook, the costliest kind:
 * every webhook changes its order (delivery recorded, payment counted, order locked and updated, history row, status
 * event through the outbox, which the relay publishes meanwhile). A warm-up backlog goes through first, so the JIT
 * compiler has done most of its work. Then N link events and N webhooks are loaded while the listeners are stopped;
 * the link events are applied, then the time the webhook backlog takes to drain is measured: from starting the
 * webhook listener until the group's committed offsets reach the end of the topic (offsets are committed after the
 * database commit, so every record counted is applied). At the end, the database is checked.
 *
 * <p>The machine may be shared: besides the wall-clock rate, it reports the CPU time the run cost (app, PostgreSQL,
 * broker, read from {@code /proc}) and the rate that CPU cost allows on 2 dedicated cores.
 *
 * <pre>
 * ./mvnw -q -pl reconciler test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.payrecon.reconciler.bench.WebhookDrainBenchmark -Dbench.orders=20000
 * </pre>
 *
 * Options ({@link #USAGE}), on the command line or as system properties {@code -Dbench.<name>}, as above.
 */
public final class WebhookDrainBenchmark {

    private static final String GROUP = "reconciler";
    private static final String WEBHOOK_SECRET = "bench-webhook-secret";

    private static final String CONFIRMED = """
            {"event":"payment.confirmed","requestId":"%1$s","requestID":"%1$s","paymentReference":"0x2c3366941274c34c",\
            "explorer":"https://scan.request.network/request/%1$s","amount":"100.0","totalAmountPaid":"100.0",\
            "expectedAmount":"100.0","timestamp":"2026-10-03T14:30:00Z","txHash":"%2$s",\
            "payerAddress":"0x92Fc3406Fc6BB7A76aC63b2E8b9d02b1B9C3e4d5","payerEoaAddress":null,"network":"ethereum",\
            "currency":"USDC","paymentCurrency":"USDC","isCryptoToFiat":false,"subStatus":"",\
            "paymentProcessor":"request-network","fees":[{"type":"network","amount":"0.02","currency":"ETH"}]}""";

    static final String USAGE = """
            options, each also as a system property (-Dbench.orders=1000000):
              --orders <orders, each a link event and a webhook, measured; 20000> --warmup <orders drained first, 5000>
              --max-poll-records <3000, as shipped> --concurrency <consumer threads per listener, 1, as shipped>
            """;

    private WebhookDrainBenchmark() {}

    record Settings(int orders, int warmup, int maxPollRecords, int concurrency) {

        /** Null for {@code --help}. */
        static Settings parse(List<String> args) {
            BenchOptions given =
                    BenchOptions.parse(args, Set.of("orders", "warmup", "max-poll-records", "concurrency"), "bench.");
            if (given == null) {
                return null;
            }
            Settings settings = new Settings(
                    given.integer("orders", 20_000),
                    given.integer("warmup", 5_000),
                    given.integer("max-poll-records", 3000),
                    given.integer("concurrency", 1));
            BenchOptions.require(
                    settings.orders >= 1
                            && settings.warmup >= 0
                            && settings.maxPollRecords >= 1
                            && settings.concurrency >= 1,
                    "--orders, --max-poll-records and --concurrency must be at least 1, --warmup at least 0");
            return settings;
        }
    }

    public static void main(String[] args) throws Exception {
        int exitCode = BenchOptions.parseThenRun(
                List.of(args), System.out, USAGE, Settings::parse, WebhookDrainBenchmark::run);
        System.exit(exitCode); // the shared devstack stops with the JVM
    }

    private static int run(Settings settings) throws Exception {
        int orders = settings.orders();
        int warmup = settings.warmup();
        // quiet until Spring configures logging
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.out.println("reconciler drain benchmark on " + BenchReport.machine());
        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        preload(stack.adminClientProperties(), 0, warmup);

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ReconcilerApplication.class)
                        // A web application, as deployed: its security configuration needs one (random port, unused).
                        .web(WebApplicationType.SERVLET)
                        .run(arguments(stack, settings));
                Admin admin = Admin.create(stack.adminClientProperties())) {
            KafkaListenerEndpointRegistry listeners = app.getBean(KafkaListenerEndpointRegistry.class);
            MessageListenerContainer links = listeners.getListenerContainer("link-events");
            MessageListenerContainer webhooks = listeners.getListenerContainer("webhooks");
            JdbcClient jdbc = app.getBean(JdbcClient.class);

            System.out.printf("Warming up with %,d orders ...%n", warmup);
            drain(admin, Topics.LINK_EVENTS, links::start);
            drain(admin, Topics.WEBHOOKS, webhooks::start);
            links.stop();
            webhooks.stop();

            long loading = System.nanoTime();
            preload(stack.adminClientProperties(), warmup, warmup + orders);
            System.out.printf(
                    "Loaded %,d link events and %,d webhooks in %.1f s%n",
                    orders, orders, seconds(System.nanoTime() - loading));
            Cost cost = new Cost(stack);
            report("link events", orders, drain(admin, Topics.LINK_EVENTS, links::start), cost.since());
            cost = new Cost(stack);
            report("webhooks", orders, drain(admin, Topics.WEBHOOKS, webhooks::start), cost.since());

            int total = warmup + orders;
            long paid = count(jdbc, "SELECT count(*) FROM orders WHERE status = 'PAID'");
            long applied = count(jdbc, "SELECT count(*) FROM webhook_deliveries WHERE outcome = 'APPLIED'");
            long events = awaitOutbox(jdbc);
            System.out.printf(
                    "Check: %,d orders PAID and %,d deliveries APPLIED of %,d; %,d status events left to publish%n",
                    paid, applied, total, events);
            if (paid != total || applied != total) {
                throw new IllegalStateException("The backlog was not applied in full");
            }
        }
        return 0;
    }

    private static String[] arguments(DevStack stack, Settings settings) {
        Map<String, Object> properties = new HashMap<>(stack.springProperties(Principal.RECONCILER));
        properties.put("server.port", "0");
        properties.put("reconciler.api-keys", "bench");
        // the admin API is not used, but the app needs an operator to start (the SHA-256 of "bench-admin")
        properties.put(
                "reconciler.admin-operators",
                "bench:operator:8bb8d0b4f04390d736d82ad01131c0cc2da7e222dbe064f4d31605dbca2d2afd");
        properties.put("reconciler.webhook-secrets", WEBHOOK_SECRET);
        properties.put("reconciler.polling.enabled", "false");
        properties.put("spring.kafka.listener.auto-startup", "false");
        properties.put("spring.kafka.listener.concurrency", settings.concurrency());
        properties.put("spring.kafka.consumer.max-poll-records", settings.maxPollRecords());
        properties.put("logging.level.root", "WARN");
        // command-line arguments win over application.yml
        return properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
    }

    /** Starts a listener and answers how many seconds its group took to commit the end of the topic. */
    private static double drain(Admin admin, String topic, Runnable start) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
        long started = System.nanoTime();
        start.run();
        while (!caughtUp(admin, end)) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return seconds(System.nanoTime() - started);
    }

    private static boolean caughtUp(Admin admin, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get();
        return end.entrySet().stream().allMatch(entry -> {
            OffsetAndMetadata offset = committed.get(entry.getKey());
            // a partition that never had a record has no committed offset
            return entry.getValue() == 0 || (offset != null && offset.offset() >= entry.getValue());
        });
    }

    /**
     * Orders {@code from} to {@code to}: a link event and a confirmed payment each.
     *
     * @param kafka a login that may write link events and webhooks both: devstack's super-user
     */
    private static void preload(Map<String, Object> kafka, int from, int to) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            for (int i = from; i < to; i++) {
                String orderId = "bench-order-" + i;
                String requestId = "01%064x".formatted(i);
                String token = "bench-token-" + i;
                send(
                        producer,
                        Topics.LINK_EVENTS,
                        new PaymentLinkCreated(
                                UUID.randomUUID(),
                                now,
                                orderId,
                                token,
                                List.of(requestId),
                                new BigDecimal("100.00"),
                                "USDC",
                                orderId,
                                "https://pay.request.network/?token=" + token,
                                now,
                                now.plus(Duration.ofDays(7))));
                String deliveryId = "01BENCH" + UUID.randomUUID();
                byte[] body =
                        CONFIRMED.formatted(requestId, "0x%064x".formatted(i)).getBytes(StandardCharsets.UTF_8);
                send(
                        producer,
                        Topics.WEBHOOKS,
                        new WebhookReceived(
                                UUID.randomUUID(),
                                now,
                                deliveryId,
                                "payment.confirmed",
                                requestId,
                                false,
                                0,
                                WebhookSignature.secretId(WEBHOOK_SECRET),
                                Map.of(
                                        "x-request-network-delivery",
                                        deliveryId,
                                        "x-request-network-signature",
                                        WebhookSignature.sign(WEBHOOK_SECRET, body),
                                        "x-request-network-retry-count",
                                        "0",
                                        "content-type",
                                        "application/json"),
                                body));
            }
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, IntegrationEvent event) {
        producer.send(new ProducerRecord<>(topic, event.key(), EventCodec.write(event)));
    }

    /** Waits (up to a minute) for the relay to publish every status event; answers how many are left. */
    private static long awaitOutbox(JdbcClient jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long left = count(jdbc, "SELECT count(*) FROM reconciler.outbox_record");
        while (left > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
            left = count(jdbc, "SELECT count(*) FROM reconciler.outbox_record");
        }
        return left;
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static void report(String what, int count, double seconds, Cost.Seconds cpu) {
        System.out.printf("Applied %,d %s in %.1f s: %,.0f events/s%n", count, what, seconds, count / seconds);
        double work = cpu.total() - cpu.jit();
        System.out.printf(
                "  CPU: app %.1f s (of which JIT compiler %.1f s), PostgreSQL %.1f s, Kafka %.1f s;"
                        + " without JIT %.0f µs per event: at most %,.0f events/s on 2 dedicated cores%n",
                cpu.app(), cpu.jit(), cpu.database(), cpu.broker(), work * 1e6 / count, 2 * count / work);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * CPU time used since it was created by the app (this JVM; the JIT compiler threads apart), PostgreSQL (server
     * and backends) and the broker: what the run costs whatever else runs on the machine. Linux only ({@code /proc}).
     */
    private static final class Cost {

        private static final double TICKS_PER_SECOND = 100; // USER_HZ

        private final DevStack stack;
        private final Seconds start;

        record Seconds(double app, double jit, double database, double broker) {
            double total() {
                return app + database + broker;
            }

            Seconds minus(Seconds other) {
                return new Seconds(app - other.app, jit - other.jit, database - other.database, broker - other.broker);
            }
        }

        Cost(DevStack stack) {
            this.stack = stack;
            this.start = now();
        }

        Seconds since() {
            return now().minus(start);
        }

        private Seconds now() {
            long postgres = stack.postgres().pid();
            double database = cpu(Path.of("/proc/" + postgres + "/stat"), true)
                    + ProcessHandle.of(postgres)
                            .map(server -> server.descendants()
                                    .mapToDouble(backend -> cpu(Path.of("/proc/" + backend.pid() + "/stat"), false))
                                    .sum())
                            .orElse(0.0);
            double jit;
            try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
                jit = threads.map(thread -> thread.resolve("stat"))
                        .filter(stat -> name(stat).contains("CompilerThre"))
                        .mapToDouble(stat -> cpu(stat, false))
                        .sum();
            } catch (IOException e) {
                jit = 0;
            }
            return new Seconds(
                    cpu(Path.of("/proc/self/stat"), false),
                    jit,
                    database,
                    cpu(Path.of("/proc/" + stack.kafka().pid() + "/stat"), false));
        }

        /** utime + stime, and those of exited children when asked, in seconds; 0 for a process gone. */
        private static double cpu(Path stat, boolean withExitedChildren) {
            try {
                String line = Files.readString(stat);
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (withExitedChildren) {
                    ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                }
                return ticks / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static String name(Path stat) {
            try {
                String line = Files.readString(stat);
                return line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
    }
}
