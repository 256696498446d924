package io.payrecon.link.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.payrecon.benchkit.BenchOptions;
import io.payrecon.benchkit.BenchReport;
import io.payrecon.benchkit.HttpConnection;
import io.payrecon.benchkit.LatencyHistogram;
import io.payrecon.benchkit.OpenLoop;
import io.payrecon.devstack.DevStack;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.link.FakeProvider;
import io.payrecon.link.LinkServiceApplication;
import io.payrecon.link.RunningLinkService;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Open-loop load on {@code POST /api/payment-links}: request {@code i} is due at {@code start + i / rate}, whatever
 * happened to the ones before it, and its latency is measured from that intended time, so a stall shows in every
 * request queued behind it (no coordinated omission). Each request is a new order, so each makes one provider call,
 * a short transaction claiming the order, the provider call outside any transaction, a short transaction storing the
 * link with its outbox row, and one {@code payment-link.created}.
 *
 * <p>Starts devstack's broker and database, an in-process stand-in for the provider over HTTP ({@link FakeProvider},
 * optionally answering after {@code --provider-latency}), and link-service in this JVM on a random port, logging to
 * {@code target/bench/link-service.log}. The first {@code --warmup} runs at the same rate and is not measured.
 *
 * <p>Two measurements: the create latency (HdrHistogram, from the intended send time to the answer), and the outbox
 * lag: consumer side, from the 201 answer (the commit is before it) to the event being read from
 * {@code payments.link-events.v1}, and the outbox's own {@code outbox.lag} timer (append to broker acknowledgement).
 *
 * <pre>
 * ./mvnw -q -pl link-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.payrecon.link.bench.CreateLinkBenchmark -Dexec.args="--rate 200 --duration 60s"
 * </pre>
 *
 * Options: {@code --rate} requests per second (200), {@code --duration} measured time (60s), {@code --warmup} (60s: on two cores the JIT compilers are busy for about a minute at this rate),
 * {@code --provider-latency} (0ms). Sends only to 127.0.0.1, a bounded number of requests, and stops by itself.
 */
public final class CreateLinkBenchmark {

    private static final String API_KEY = "bench-" + UUID.randomUUID();
    /** Distinguishes this run's orders from an earlier run's in the same database. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Client connections: enough that none waits for a free one at 200/s unless the service itself stalls. */
    private static final int CONNECTIONS = 32;

    /** The lag counted for an event never read, and the most any lag counts. */
    private static final Duration NOT_READ = Duration.ofMinutes(2);

    private static final Duration LATENCY_TARGET = Duration.ofMillis(50);
    private static final Duration LAG_TARGET = Duration.ofSeconds(1);
    /** Set by the exec plugin's configuration to the module's target/bench, wherever Maven was started from. */
    private static final Path OUTPUT = Path.of(System.getProperty("bench.output", "target/bench"));

    private CreateLinkBenchmark() {}

    record Settings(int rate, Duration duration, Duration warmup, Duration providerLatency) {

        /** Null for {@code --help}. */
        static Settings parse(List<String> args) {
            BenchOptions given = BenchOptions.parse(args, Set.of("rate", "duration", "warmup", "provider-latency"));
            if (given == null) {
                return null;
            }
            return new Settings(
                    given.integer("rate", 200),
                    given.duration("duration", Duration.ofSeconds(60)),
                    given.duration("warmup", Duration.ofSeconds(60)),
                    given.duration("provider-latency", Duration.ZERO));
        }
    }

    /** What one phase (warm-up or measured) produced. */
    private static final class Phase {
        final String name;
        final LatencyHistogram latency = new LatencyHistogram("POST /api/payment-links latency (from intended send)");
        final AtomicLong sent = new AtomicLong();
        final AtomicLong created = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final LatencyHistogram sendLateness = new LatencyHistogram("send lateness");
        long sendNanos;
        final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();

        Phase(String name) {
            this.name = name;
        }

        String orderId(long i) {
            return "bench-" + RUN + "-" + name + "-" + i;
        }
    }

    static final String USAGE = """
            options: --rate <creates/s, 200> --duration <measured, 60s> --warmup <60s> --provider-latency <0ms>
            """;

    public static void main(String[] args) throws Exception {
        int exitCode =
                BenchOptions.parseThenRun(List.of(args), System.out, USAGE, Settings::parse, CreateLinkBenchmark::run);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    private static int run(Settings settings) throws Exception {
        PrintStream out = System.out;
        // Quiet while devstack starts (its clients warn until the broker is up); the app then configures its own
        // logging: to a file, warnings on the console.
        LoggingSystem.get(CreateLinkBenchmark.class.getClassLoader())
                .setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.ERROR);
        Files.createDirectories(OUTPUT);
        out.printf(
                "link-service create benchmark: %d req/s for %s after %s warm-up, provider latency %s%n",
                settings.rate(), settings.duration(), settings.warmup(), settings.providerLatency());
        out.println("machine: " + BenchReport.machine());

        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        try (FakeProvider provider = new FakeProvider(false, settings.providerLatency(), 16);
                ConfigurableApplicationContext app = start(stack, provider);
                LagConsumer lag = new LagConsumer(stack.clientProperties(Principal.RECONCILER))) {
            int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/api/payment-links");
            lag.start();

            out.println("Warming up ...");
            Phase warmup = new Phase("warmup");
            run(endpoint, settings.rate(), settings.warmup(), warmup);
            out.printf(
                    "Warm-up, not measured (cold JVM, JIT compiling): p50 %s, p99 %s, max %s; %d created, %d failed %s%n",
                    ms(warmup.latency.millisAt(50)),
                    ms(warmup.latency.millisAt(99)),
                    ms(warmup.latency.maxMillis()),
                    warmup.created.get(),
                    warmup.failed.get(),
                    warmup.failures.isEmpty() ? "" : warmup.failures);
            Timer outboxLag = app.getBean(MeterRegistry.class).timer("outbox.lag");
            long outboxLagCountBefore = outboxLag.count();

            out.println("Measuring ...");
            Phase measured = new Phase("measured");
            run(endpoint, settings.rate(), settings.duration(), measured);
            double seconds = measured.sendNanos / 1e9;
            LatencyHistogram lagHistogram = lag.awaitAll(measured.answeredAt, Duration.ofSeconds(60));

            report(out, measured, seconds, lagHistogram, outboxLag, outboxLagCountBefore);
            long missing = lag.missing(measured.answeredAt);
            if (missing > 0) {
                out.printf("%d created links' events were not read within 60 s (counted as 2 min lag)%n", missing);
            }
        }
        return 0;
    }

    private static ConfigurableApplicationContext start(DevStack stack, FakeProvider provider) {
        Map<String, String> properties = new HashMap<>(stack.springProperties(Principal.LINK_SERVICE));
        properties.put("server.port", "0");
        properties.put("links.api-keys", API_KEY);
        properties.put("links.destination.id", RunningLinkService.DESTINATION_ID);
        properties.put("links.sweep-interval", "1h");
        properties.put("request.base-url", provider.baseUrl().toString());
        properties.put("request.api-key", FakeProvider.API_KEY);
        properties.put("request.client-id", "");
        // Relaxed, as bench-links does: the benchmark measures the create path at 200/s, far above the provider's
        // default tier (300/min) that link-service's own quota keeps it within (docs/performance.md says so).
        properties.put("request.quota.per-minute", "1000000");
        properties.put("logging.file.name", OUTPUT.resolve("link-service.log").toString());
        properties.put("logging.threshold.console", "WARN");
        properties.put("spring.main.banner-mode", "off");
        properties.put("management.metrics.distribution.percentiles.outbox.lag", "0.5,0.99,0.999");
        // Command-line arguments win over application.yml (and over API_KEY or REQUEST_* in the environment).
        return new SpringApplicationBuilder(LinkServiceApplication.class)
                .run(properties.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue())
                        .toArray(String[]::new));
    }

    /**
     * Sends {@code rate} creates per second for {@code duration} over {@link #CONNECTIONS} keep-alive connections
     * (open loop: each create is due at its own time, and waiting for a free connection counts in its latency), and
     * waits for all.
     */
    private static void run(URI endpoint, int rate, Duration duration, Phase phase) throws InterruptedException {
        long count = duration.toSeconds() * rate;
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Api-Key", API_KEY);
        OpenLoop load = new OpenLoop(endpoint, rate, CONNECTIONS, Duration.ofSeconds(30));
        long start = load.run(
                count,
                i -> HttpConnection.post(
                        endpoint, headers, """
                        {"orderId": "%s", "amount": "19.90", "payee": "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7",
                         "invoiceCurrency": "USDC", "paymentCurrency": "USDC-sepolia", "metadata": {"cart": "%d"}}
                        """.formatted(phase.orderId(i), i).getBytes(StandardCharsets.UTF_8)),
                (i, status, error, due, sent, done) -> {
                    phase.sendLateness.record(sent - due);
                    phase.latency.record(done - due);
                    if (status == 201) {
                        phase.created.incrementAndGet();
                        phase.answeredAt.put(phase.orderId(i), done);
                    } else {
                        phase.failed.incrementAndGet();
                        phase.failures.merge(
                                error == null
                                        ? "HTTP " + status
                                        : error.getClass().getSimpleName(),
                                1,
                                Integer::sum);
                    }
                });
        phase.sent.set(count);
        phase.sendNanos = System.nanoTime() - start;
    }

    private static void report(
            PrintStream out,
            Phase measured,
            double seconds,
            LatencyHistogram lag,
            Timer outboxLag,
            long outboxLagCountBefore)
            throws IOException {
        LatencyHistogram latency = measured.latency;
        out.println();
        out.printf(
                "Sent %d creates in %.1f s (%.1f/s): %d created (201), %d failed %s%n",
                measured.sent.get(),
                seconds,
                measured.sent.get() / seconds,
                measured.created.get(),
                measured.failed.get(),
                measured.failures.isEmpty() ? "" : measured.failures);
        out.printf(
                "Load generator: sends went out up to %s after their intended time (p99 %s); if that is large, "
                        + "this machine, not only the service, was saturated%n",
                ms(measured.sendLateness.maxMillis()), ms(measured.sendLateness.millisAt(99)));
        out.println();
        out.println("| measure | count | p50 | p90 | p99 | p99.9 | max | target |");
        out.println("|---|---|---|---|---|---|---|---|");
        row(out, "POST /api/payment-links latency (from intended send)", latency, "p99 < 50 ms");
        row(out, "outbox lag, consumer side (201 answered -> event read)", lag, "p99 < 1 s");
        HistogramSnapshot snapshot = outboxLag.takeSnapshot();
        Map<Double, Double> percentiles = new HashMap<>();
        for (ValueAtPercentile value : snapshot.percentileValues()) {
            percentiles.put(value.percentile(), value.value(TimeUnit.MILLISECONDS));
        }
        out.printf(
                "| outbox.lag timer (append -> broker ack, whole run) | %d | %s | - | %s | %s | %s | p99 < 1 s |%n",
                outboxLag.count() - outboxLagCountBefore,
                millis(percentiles.get(0.5)),
                millis(percentiles.get(0.99)),
                millis(percentiles.get(0.999)),
                millis(snapshot.max(TimeUnit.MILLISECONDS)));
        out.println();
        boolean latencyMet = latency.count() > 0 && latency.millisAt(99) < LATENCY_TARGET.toMillis();
        boolean lagMet = lag.count() > 0 && lag.millisAt(99) < LAG_TARGET.toMillis();
        out.printf("Create latency p99 < %d ms: %s%n", LATENCY_TARGET.toMillis(), latencyMet ? "MET" : "NOT MET");
        out.printf("Outbox lag p99 < %d ms: %s%n", LAG_TARGET.toMillis(), lagMet ? "MET" : "NOT MET");
        if (measured.failed.get() > 0) {
            out.println("Some creates failed: see " + OUTPUT.resolve("link-service.log"));
        }
        BenchReport files = BenchReport.in(OUTPUT, out);
        files.saveDistribution(latency, "create-latency");
        files.saveDistribution(lag, "outbox-lag");
        out.println("Percentile distributions (ms): " + OUTPUT.resolve("create-latency.hgrm") + ", "
                + OUTPUT.resolve("outbox-lag.hgrm"));
    }

    private static void row(PrintStream out, String name, LatencyHistogram histogram, String target) {
        out.printf(
                "| %s | %d | %s | %s | %s | %s | %s | %s |%n",
                name,
                histogram.count(),
                ms(histogram.millisAt(50)),
                ms(histogram.millisAt(90)),
                ms(histogram.millisAt(99)),
                ms(histogram.millisAt(99.9)),
                ms(histogram.maxMillis()),
                target);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static String millis(Double value) {
        return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.1f ms", value);
    }

    /**
     * Reads {@code payments.link-events.v1} from its end as of start, and notes when each tracked order's event
     * arrived.
     */
    private static final class LagConsumer implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, Long> readAt = new ConcurrentHashMap<>();
        private volatile boolean running = true;
        private Thread thread;

        /** @param kafka a login that may read the link events: the reconciler's, whose view of the lag this is */
        LagConsumer(Map<String, Object> kafka) {
            Map<String, Object> config = new HashMap<>(kafka);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            consumer = new KafkaConsumer<>(config);
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LINK_EVENTS).stream()
                    .map(info -> new TopicPartition(Topics.LINK_EVENTS, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        void start() {
            thread = new Thread(
                    () -> {
                        while (running) {
                            consumer.poll(Duration.ofMillis(50)).forEach(record -> {
                                if (record.key() != null && record.key().startsWith("bench-")) {
                                    readAt.putIfAbsent(record.key(), System.nanoTime());
                                }
                            });
                        }
                    },
                    "bench-lag-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        /** Answered orders whose event was not read (yet). */
        long missing(Map<String, Long> answeredAt) {
            return answeredAt.keySet().stream()
                    .filter(orderId -> !readAt.containsKey(orderId))
                    .count();
        }

        /** The lag of every answered order of the measured phase, once all their events were read (or time ran out). */
        LatencyHistogram awaitAll(Map<String, Long> answeredAt, Duration atMost) {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!readAt.keySet().containsAll(answeredAt.keySet()) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            LatencyHistogram lag = new LatencyHistogram("outbox lag, consumer side (201 answered -> event read)");
            answeredAt.forEach((orderId, answered) -> {
                Long read = readAt.get(orderId);
                lag.record(read == null ? NOT_READ.toNanos() : Math.min(read - answered, NOT_READ.toNanos()));
            });
            return lag;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(5_000);
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
