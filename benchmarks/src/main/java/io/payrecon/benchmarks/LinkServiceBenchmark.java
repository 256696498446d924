package io.payrecon.benchmarks;

import io.payrecon.benchkit.BenchOptions;
import io.payrecon.benchkit.BenchReport;
import io.payrecon.benchkit.HttpConnection;
import io.payrecon.benchkit.LatencyHistogram;
import io.payrecon.benchkit.OpenLoop;
import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventTypes;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.traffic.Pacing;
import io.payrecon.launcher.traffic.TopicTail;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * {@code ./pipeline bench-links}: {@code POST /api/payment-links} open loop at a fixed rate against link-service
 * running as its own process, calling the request-sandbox (its own process too) over HTTP, on a devstack of its own
 * with a durable PostgreSQL (fsync on, like {@code ./pipeline up}). Only the sandbox and link-service run. Request
 * {@code i} is due at {@code start + i / rate} ({@link OpenLoop}) and its latency runs from that intended time to the
 * 201, so queueing behind a slow answer counts. Each create is a new order: one provider call, the link stored with
 * its outbox row, one {@code payment-link.created}.
 *
 * <p>The outbox lag is measured consumer side: a group-less consumer assigned every partition of {@link
 * Topics#LINK_EVENTS} at its end just before the measured phase notes when each measured order's {@code
 * payment-link.created} arrives; lag = arrival − the 201's answer (the commit is before the answer). An event read
 * before its 201 counts as 0.
 *
 * <p>{@code link-service/.../bench/CreateLinkBenchmark} measures link-service alone (in one JVM with an in-process
 * provider stand-in); this one measures the system's processes as they are deployed locally.
 */
public final class LinkServiceBenchmark {

    static final String USAGE = """
            Usage: ./pipeline bench-links [options]
              --rate 200           creates per second (POST /api/payment-links), warm-up and measured
              --seconds 60         measured seconds, started once every warm-up request was answered
              --warmup 180         seconds at the same rate before measuring, not measured: on 2 cores under this
                                   load link-service's JIT compilers are busy for about two and a half minutes;
                                   its p99 per 30 s, failures and each app's CPU are printed
              --connections 32     keep-alive HTTP connections sending the creates
            Runs devstack, the request-sandbox (rate limit raised) and link-service, each its own process. Exit code 0
            when create p99 < 50 ms, outbox lag p99 < 1 s and every measured create was answered 201 with its event read.
            """;

    static final Duration CREATE_P99_TARGET = Duration.ofMillis(50);
    static final Duration LAG_P99_TARGET = Duration.ofSeconds(1);
    private static final Map<String, String> RELAXED_SANDBOX = Map.of(
            "SANDBOX_RATE_LIMIT", "1000000",
            "SANDBOX_LATENCY_CREATE_MEDIAN", "0s",
            "SANDBOX_LATENCY_CREATE_P99", "0s",
            "SANDBOX_LATENCY_READ_MEDIAN", "0s",
            "SANDBOX_LATENCY_READ_P99", "0s");

    private static final String RELAXED = "Provider limits RELAXED for this benchmark: the provider's default tier of "
            + "300 requests/min per credential is raised to 1,000,000 in the sandbox (`SANDBOX_RATE_LIMIT`) and in "
            + "link-service's quota (`REQUEST_QUOTA_PER_MINUTE`), and the sandbox answers at once "
            + "(`SANDBOX_LATENCY_*=0s`; the provider takes a network round trip): the figures are link-service's own.";

    private static final String PAYEE = "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7";
    /** How long the measured events may take to arrive after the last create was answered. */
    private static final Duration EVENT_PATIENCE = Duration.ofSeconds(60);

    /** Parsed command line. */
    record Options(int rate, int seconds, int warmup, int connections) {}

    /** The apps whose CPU each phase reports. */
    private static final List<App> APPS = List.of(App.LINK_SERVICE, App.REQUEST_SANDBOX);
    /** The warm-up's p99 is printed per slice of this many seconds, to show when the apps reached steady state. */
    private static final int SLICE_SECONDS = 30;

    /** What one phase (warm-up or measured) produced; latencies only of creates answered 201. */
    private static final class Phase {
        final String prefix;
        final long count;
        final LatencyHistogram created =
                new LatencyHistogram("POST /api/payment-links → 201 (from the intended send time)");
        /** {@link #created} per {@link #SLICE_SECONDS} of intended send time. */
        final List<LatencyHistogram> slices;

        final long perSlice;
        final LatencyHistogram lateness = new LatencyHistogram("send lateness (generator)");
        final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        final Map<String, Long> errors = new ConcurrentSkipListMap<>();
        final Map<App, Duration> cpu = new EnumMap<>(App.class);
        double seconds;

        Phase(String prefix, int rate, int seconds) {
            this.prefix = prefix;
            this.count = (long) rate * seconds;
            this.perSlice = (long) rate * SLICE_SECONDS;
            this.slices = Stream.generate(() -> new LatencyHistogram("slice"))
                    .limit(Math.max(1, (count + perSlice - 1) / perSlice))
                    .toList();
        }

        void created(long i, long nanos) {
            created.record(nanos);
            slices.get((int) (i / perSlice)).record(nanos);
        }

        /** {@code link-service 0.44 cores (2.2 ms per create), request-sandbox ...}. */
        String cpu() {
            if (count == 0) {
                return "none measured";
            }
            return cpu.entrySet().stream()
                    .map(app -> "%s %.2f cores (%.1f ms per create)"
                            .formatted(
                                    app.getKey().module(),
                                    app.getValue().toNanos() / 1e9 / seconds,
                                    app.getValue().toNanos() / 1e6 / count))
                    .collect(Collectors.joining(", "));
        }

        /** {@code 7.8 s, 1.2 s, 85 ms, ...}: p99 of each slice. */
        String slicesP99() {
            return slices.stream()
                    .map(slice -> LatencyHistogram.format(slice.millisAt(99)))
                    .collect(Collectors.joining(", "));
        }

        String orderId(long i) {
            return prefix + i;
        }

        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The outbox lag of the measured phase. */
    private record Lag(LatencyHistogram latency, long missing, long readBeforeAnswer) {}

    private final Options options;
    private final PrintStream out;
    private final BenchReport output;
    /** Distinguishes this run's orders in the log. */
    private final String run =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    private LinkServiceBenchmark(Options options, PrintStream out, BenchReport output) {
        this.options = options;
        this.out = out;
        this.output = output;
    }

    public static int run(Path root, List<String> args, Map<String, String> environment, PrintStream out)
            throws Exception {
        return BenchOptions.parseThenRun(
                args,
                out,
                USAGE,
                LinkServiceBenchmark::parse,
                options -> new LinkServiceBenchmark(options, out, BenchSystem.results(root, environment, "-links", out))
                        .run(root, environment, String.join(" ", args)));
    }

    private int run(Path root, Map<String, String> environment, String commandLine) throws Exception {
        String machine = BenchReport.machine();
        out.println("link-service create benchmark on " + machine);
        out.println("Output in " + output.folder());
        // What link-service itself costs, so the provider's limits are out of the way, and the output says so
        // (RELAXED): its default tier of 300/min per credential is raised in the sandbox and in our quota, and
        // the sandbox answers at once instead of after a round trip's latency.
        Map<App, Map<String, String>> appEnvironment = Map.of(
                App.REQUEST_SANDBOX, RELAXED_SANDBOX, App.LINK_SERVICE, Map.of("REQUEST_QUOTA_PER_MINUTE", "1000000"));
        out.println(RELAXED);
        out.println("Starting the request-sandbox and link-service ...");
        try (BenchSystem bench = BenchSystem.start(
                root,
                environment,
                true,
                appEnvironment,
                List.of(App.REQUEST_SANDBOX, App.LINK_SERVICE),
                output.folder())) {
            LocalSystem system = bench.system();
            URI endpoint = URI.create(
                    "http://127.0.0.1:" + system.app(App.LINK_SERVICE).port() + "/api/payment-links");
            Map<String, String> headers = Map.of(
                    "Content-Type",
                    "application/json",
                    "X-Api-Key",
                    system.credentials().apiKey());

            out.printf(
                    "Warming up: %d creates/s for %d s over %d connections ...%n",
                    options.rate(), options.warmup(), options.connections());
            Phase warmup = send(system, endpoint, headers, "bench-" + run + "-warmup-", options.warmup());
            out.printf(
                    "Warm-up, not measured: p50 %s, p99 %s, max %s; %d created, %d failed%s%n",
                    LatencyHistogram.format(warmup.created.millisAt(50)),
                    LatencyHistogram.format(warmup.created.millisAt(99)),
                    LatencyHistogram.format(warmup.created.maxMillis()),
                    warmup.created.count(),
                    warmup.failed(),
                    warmup.errors.isEmpty() ? "" : " " + warmup.errors);
            out.printf("  p99 per %d s: %s%n", SLICE_SECONDS, warmup.slicesP99());
            out.println("  CPU: " + warmup.cpu());

            Phase measured;
            Lag lag;
            try (LinkEventWatcher watcher = new LinkEventWatcher(
                    system.infrastructure().clientProperties(Principal.RECONCILER), "bench-" + run + "-measured-")) {
                out.printf("Measuring: %d creates/s for %d s ...%n", options.rate(), options.seconds());
                measured = send(system, endpoint, headers, "bench-" + run + "-measured-", options.seconds());
                lag = watcher.lag(measured.answeredAt, EVENT_PATIENCE);
            }
            print(measured, lag);
            output.saveDistribution(measured.created, "create-latency");
            output.saveDistribution(lag.latency(), "outbox-lag");
            boolean met = met(measured, lag);
            String report = report(machine, commandLine, bench.jvmOptions(), warmup, measured, lag, met);
            output.publish("link-service.md", report);
            return met ? 0 : 1;
        }
    }

    /**
     * Sends {@code rate × seconds} creates, each a new order, open loop over the connections, and returns once every
     * one was answered (or failed).
     */
    private Phase send(LocalSystem system, URI endpoint, Map<String, String> headers, String prefix, int seconds)
            throws InterruptedException {
        Phase phase = new Phase(prefix, options.rate(), seconds);
        Map<App, Duration> cpuBefore = cpuTimes(system);
        OpenLoop load = new OpenLoop(endpoint, options.rate(), options.connections(), Duration.ofSeconds(30));
        long start = load.run(
                phase.count,
                i -> HttpConnection.post(endpoint, headers, body(phase.orderId(i))),
                (i, status, error, due, sent, done) -> {
                    phase.lateness.record(sent - due);
                    if (error != null) {
                        phase.errors.merge(error.getClass().getSimpleName(), 1L, Long::sum);
                    } else if (status == 201) {
                        phase.created(i, done - due);
                        phase.answeredAt.put(phase.orderId(i), done);
                    } else {
                        phase.errors.merge("HTTP " + status, 1L, Long::sum);
                    }
                });
        phase.seconds = (System.nanoTime() - start) / 1e9;
        cpuTimes(system).forEach((app, after) -> {
            if (cpuBefore.containsKey(app)) {
                phase.cpu.put(app, after.minus(cpuBefore.get(app)));
            }
        });
        return phase;
    }

    /** Each app's CPU time so far; an app whose OS does not report it is left out. */
    private static Map<App, Duration> cpuTimes(LocalSystem system) {
        Map<App, Duration> times = new EnumMap<>(App.class);
        for (App app : APPS) {
            system.app(app).cpuTime().ifPresent(time -> times.put(app, time));
        }
        return times;
    }

    private static byte[] body(String orderId) {
        return """
                {"orderId": "%s", "amount": "19.90", "payee": "%s", "invoiceCurrency": "USDC", \
                "paymentCurrency": "USDC-sepolia"}""".formatted(orderId, PAYEE).getBytes(StandardCharsets.UTF_8);
    }

    private boolean met(Phase measured, Lag lag) {
        return measured.count > 0
                && measured.failed() == 0
                && lag.missing() == 0
                && measured.created.millisAt(99) < CREATE_P99_TARGET.toMillis()
                && lag.latency().millisAt(99) < LAG_P99_TARGET.toMillis();
    }

    private void print(Phase measured, Lag lag) {
        out.printf(
                "Sent %d creates in %.1f s (%.1f/s): %d created (201), %d failed%s%n",
                measured.count,
                measured.seconds,
                measured.count / measured.seconds,
                measured.created.count(),
                measured.failed(),
                measured.errors.isEmpty() ? "" : " " + measured.errors);
        out.println("  " + measured.created.summary());
        out.println("  outbox lag, " + lag.latency().summary());
        out.printf(
                "  events not read within %d s: %d; read before their 201 (counted 0): %d%n",
                EVENT_PATIENCE.toSeconds(), lag.missing(), lag.readBeforeAnswer());
        out.println("  CPU: " + measured.cpu());
        out.printf(
                "  the generator sent up to %s after the intended time (p99 %s): if large, the machine was saturated%n",
                LatencyHistogram.format(measured.lateness.maxMillis()),
                LatencyHistogram.format(measured.lateness.millisAt(99)));
    }

    private String report(
            String machine,
            String commandLine,
            List<String> jvmOptions,
            Phase warmup,
            Phase measured,
            Lag lag,
            boolean met) {
        StringBuilder text = new StringBuilder();
        text.append("## link-service: POST /api/payment-links against the request-sandbox, separate processes\n\n");
        text.append("Command: `./pipeline bench-links ").append(commandLine).append("`  \n");
        text.append("Machine: ").append(machine).append("  \n");
        text.append("link-service and the request-sandbox each one JVM (")
                .append(ManagementFactory.getRuntimeMXBean().getVmVersion())
                .append(", ")
                .append(String.join(" ", jvmOptions))
                .append("), Kafka (1 broker, 3 partitions) and PostgreSQL 17 (fsync on) on the same machine; ")
                .append(options.connections())
                .append(" keep-alive connections, latency from each create's intended send time (open loop). ")
                .append(RELAXED)
                .append("\n\n");
        text.append("| measure | count | p50 | p90 | p99 | p99.9 | max | target |\n");
        text.append("|---|---|---|---|---|---|---|---|\n");
        row(text, "create → 201", measured.created, "p99 < 50 ms");
        row(text, "outbox lag (201 → `payment-link.created` read)", lag.latency(), "p99 < 1 s");
        text.append(String.format(
                "\n%d creates at %d/s for %d s after %d s of warm-up: achieved %.1f/s, %d × 201, failed %s; events"
                        + " not read within %d s: %d; read before their 201 (lag 0): %d.  \n",
                measured.count,
                options.rate(),
                options.seconds(),
                options.warmup(),
                measured.count / measured.seconds,
                measured.created.count(),
                measured.errors.isEmpty() ? "none" : measured.errors,
                EVENT_PATIENCE.toSeconds(),
                lag.missing(),
                lag.readBeforeAnswer()));
        text.append("CPU, measured: ").append(measured.cpu()).append(".  \n");
        text.append(String.format(
                "Warm-up (not measured): p50 %s, p99 %s, max %s; %d × 201, failed %s; p99 per %d s: %s; CPU: %s.  \n",
                LatencyHistogram.format(warmup.created.millisAt(50)),
                LatencyHistogram.format(warmup.created.millisAt(99)),
                LatencyHistogram.format(warmup.created.maxMillis()),
                warmup.created.count(),
                warmup.errors.isEmpty() ? "none" : warmup.errors,
                SLICE_SECONDS,
                warmup.slicesP99(),
                warmup.cpu()));
        text.append(String.format(
                "Generator: sends left up to %s after their intended time (p99 %s).  \n",
                LatencyHistogram.format(measured.lateness.maxMillis()),
                LatencyHistogram.format(measured.lateness.millisAt(99))));
        text.append("Targets (create p99 < 50 ms, lag p99 < 1 s, no error): ")
                .append(met ? "**met**" : "**not met**")
                .append('\n');
        return text.toString();
    }

    private static void row(StringBuilder text, String name, LatencyHistogram latency, String target) {
        text.append("| %s | %d | %s | %s | %s | %s | %s | %s |\n"
                .formatted(
                        name,
                        latency.count(),
                        LatencyHistogram.format(latency.millisAt(50)),
                        LatencyHistogram.format(latency.millisAt(90)),
                        LatencyHistogram.format(latency.millisAt(99)),
                        LatencyHistogram.format(latency.millisAt(99.9)),
                        LatencyHistogram.format(latency.maxMillis()),
                        target));
    }

    /** Null for {@code --help}. */
    static Options parse(List<String> args) {
        BenchOptions given = BenchOptions.parse(args, Set.of("rate", "seconds", "warmup", "connections"));
        if (given == null) {
            return null;
        }
        Options options = new Options(
                given.integer("rate", 200),
                given.integer("seconds", 60),
                given.integer("warmup", 180),
                given.integer("connections", 32));
        BenchOptions.require(
                options.rate() >= 1 && options.seconds() >= 1 && options.warmup() >= 0 && options.connections() >= 1,
                "--rate, --seconds and --connections must be at least 1, --warmup at least 0");
        return options;
    }

    /**
     * Reads {@link Topics#LINK_EVENTS} from its end as of construction, with no consumer group, and notes when each
     * {@code payment-link.created} of an order with the given prefix arrived.
     */
    private static final class LinkEventWatcher implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final String orderPrefix;
        private final Map<String, Long> readAt = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        /** @param kafka a login that may read the link events: the reconciler's, whose view of the lag this is */
        LinkEventWatcher(Map<String, Object> kafka, String orderPrefix) {
            this.consumer = TopicTail.fromNow(kafka, Topics.LINK_EVENTS);
            this.orderPrefix = orderPrefix;
            this.thread = new Thread(this::run, "link-event-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            byte[] created = EventTypes.PAYMENT_LINK_CREATED.getBytes(StandardCharsets.UTF_8);
            try {
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
                        if (record.key() != null
                                && record.key().startsWith(orderPrefix)
                                && type != null
                                && Arrays.equals(type.value(), created)) {
                            readAt.putIfAbsent(record.key(), now);
                        }
                    }
                }
            } catch (WakeupException stopping) {
                // closed
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        /** The lag of every answered order, once all their events were read or {@code patience} ran out. */
        Lag lag(Map<String, Long> answeredAt, Duration patience) {
            long deadline = System.nanoTime() + patience.toNanos();
            while (!readAt.keySet().containsAll(answeredAt.keySet()) && System.nanoTime() < deadline) {
                Pacing.sleep(Duration.ofMillis(50));
            }
            LatencyHistogram latency = new LatencyHistogram("201 answered → payment-link.created read");
            long missing = 0;
            long early = 0;
            for (Map.Entry<String, Long> answered : answeredAt.entrySet()) {
                Long read = readAt.get(answered.getKey());
                if (read == null) {
                    missing++;
                } else {
                    early += read < answered.getValue() ? 1 : 0;
                    latency.record(read - answered.getValue());
                }
            }
            return new Lag(latency, missing, early);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5_000);
        }
    }
}
