package io.payrecon.gateway.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.payrecon.benchkit.BenchOptions;
import io.payrecon.benchkit.BenchReport;
import io.payrecon.benchkit.HttpConnection;
import io.payrecon.benchkit.LatencyHistogram;
import io.payrecon.benchkit.OpenLoop;
import io.payrecon.devstack.DevStack;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.gateway.WebhookGatewayApplication;
import io.payrecon.gateway.webhook.AppendSwitchedOff;
import io.payrecon.requestclient.WebhookFixtures;
import io.payrecon.requestclient.WebhookSignature;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Open-loop load on {@code POST /webhooks/request-network} ({@link OpenLoop}): request {@code i} is due at
 * {@code start + i / rate}, whatever happened to the ones before it, and its latency is measured from that intended
 * time, as the provider would see it: its deliveries do not wait for our previous answers.
 *
 * <p>Starts devstack's broker, the gateway in this JVM on a random port (logging as in production, to a file), then
 * {@code --connections} client threads with a keep-alive connection each. Each request is a provider fixture with its
 * own request id, signed, with its own delivery id. The first {@code --warmup} seconds run at the same rate and are
 * not measured: on two cores the JIT compilers take about a minute at 2,000 requests/s to finish with the request
 * path, and that is the JVM starting, not the gateway's steady state (docs/performance.md gives
 * the cold-start figures too). The measured run starts once every warm-up request was answered, so a queue left by
 * the cold JVM is not counted. {@code --append off} replaces the Kafka append with {@link AppendSwitchedOff} (test
 * code only), for the ratio of the full path to the endpoint without the broker.
 *
 * <pre>
 * ./mvnw -B -q -pl webhook-gateway test-compile exec:exec -Dbench.args="--rate 2000 --seconds 60"
 * ./mvnw -B -q -pl webhook-gateway test-compile exec:exec -Dbench.args="--rate 2000 --seconds 60 --append off"
 * </pre>
 *
 * Sends only to 127.0.0.1, a bounded number of requests, and stops by itself.
 */
public final class WebhookLoadBenchmark {

    private static final String SECRET = "bench-" + HexFormat.of().formatHex(randomBytes(16));
    private static final WebhookSignature.Key SIGNING_KEY = WebhookSignature.key(SECRET);
    private static final String DEFAULT_BODY = "payment.confirmed.json";

    private WebhookLoadBenchmark() {}

    record Settings(
            int rate,
            int seconds,
            int warmupSeconds,
            int connections,
            boolean append,
            Optional<Path> body,
            Duration timeout) {

        /** Null for {@code --help}. */
        static Settings parse(List<String> args) {
            BenchOptions given = BenchOptions.parse(
                    args, Set.of("rate", "seconds", "warmup", "connections", "append", "body", "timeout"));
            if (given == null) {
                return null;
            }
            Settings settings = new Settings(
                    given.integer("rate", 2000),
                    given.integer("seconds", 60),
                    given.integer("warmup", 60),
                    given.integer("connections", 16),
                    switch (given.string("append", "on")) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--append is on or off");
                    },
                    Optional.ofNullable(given.string("body", null)).map(Path::of),
                    Duration.ofSeconds(given.integer("timeout", 10)));
            BenchOptions.require(settings.rate >= 1 && settings.rate <= 50_000, "--rate must be 1..50000 requests/s");
            BenchOptions.require(
                    settings.seconds >= 1
                            && settings.seconds <= 3600
                            && settings.warmupSeconds >= 0
                            && settings.warmupSeconds <= 600,
                    "--seconds must be 1..3600 and --warmup 0..600");
            BenchOptions.require(
                    settings.connections >= 1 && settings.connections <= 512, "--connections must be 1..512");
            return settings;
        }

        long warmupRequests() {
            return (long) rate * warmupSeconds;
        }

        long totalRequests() {
            return (long) rate * (warmupSeconds + seconds);
        }

        /** When request {@code i} is due, in nanoseconds after the start. */
        long dueAfter(long i) {
            return i * 1_000_000_000L / rate;
        }
    }

    static final String USAGE = """
            options: --rate <requests/s, 2000> --seconds <measured, 60> --warmup <seconds, 60>
                     --connections <client connections, 16> --append <on|off, on>
                     --body <JSON file, the payment.confirmed fixture> --timeout <seconds per request, 10>
            """;

    public static void main(String[] args) throws Exception {
        int exitCode =
                BenchOptions.parseThenRun(List.of(args), System.out, USAGE, Settings::parse, WebhookLoadBenchmark::run);
        // Stops devstack's broker and database (shutdown hook) and the HTTP clients' threads.
        System.exit(exitCode);
    }

    private static int run(Settings settings) throws Exception {
        // Before Spring Boot configures logging, Logback would print devstack's DEBUG lines (and the broker's start).
        LoggingSystem.get(WebhookLoadBenchmark.class.getClassLoader())
                .setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.ERROR);
        PrintStream out = System.out;
        byte[] template = settings.body().isPresent()
                ? Files.readAllBytes(settings.body().get())
                : WebhookFixtures.body(DEFAULT_BODY);
        String mode = settings.append() ? "append on" : "append OFF (baseline: records built, then dropped)";
        out.printf(
                Locale.ROOT,
                "webhook-gateway benchmark: %s, %d req/s for %d s after %d s warm-up, %d connections, body %d bytes%n",
                mode,
                settings.rate(),
                settings.seconds(),
                settings.warmupSeconds(),
                settings.connections(),
                template.length);
        out.println("machine: " + BenchReport.machine());

        long setupStarted = System.nanoTime();
        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        try (ConfigurableApplicationContext gateway = startGateway(settings, stack)) {
            int port = gateway.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            out.printf(
                    Locale.ROOT,
                    "devstack and gateway up in %d ms (gateway log: %s)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setupStarted),
                    logFile(settings));
            URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/request-network");
            double loadBefore = loadAverage();
            long brokerPid = stack.kafka().pid();
            out.printf(
                    Locale.ROOT,
                    "this JVM: pid %d; broker: pid %d%n",
                    ProcessHandle.current().pid(),
                    brokerPid);
            Result result = new Load(settings, template, uri, brokerPid).run(out);
            result.print(out, settings);
            printServerSide(out, gateway);
            out.printf(
                    Locale.ROOT,
                    "system load average (1 min): %.2f before the run, %.2f after, on %d cores%n",
                    loadBefore,
                    loadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
        out.flush();
        return 0;
    }

    private static ConfigurableApplicationContext startGateway(Settings settings, DevStack stack) {
        // As command-line arguments: they take precedence over application.yml, like the environment in production.
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--gateway.webhook-secrets=" + SECRET,
                "--spring.main.banner-mode=off",
                // The gateway logs as in production (one INFO line per delivery), to a file; warnings to the console.
                "--logging.file.name=" + logFile(settings),
                "--logging.threshold.console=WARN"));
        // The broker, and the gateway's own login to it.
        stack.springProperties(Principal.WEBHOOK_GATEWAY).forEach((name, value) -> {
            if (name.startsWith("spring.kafka.")) {
                arguments.add("--" + name + "=" + value);
            }
        });
        SpringApplicationBuilder builder = new SpringApplicationBuilder(WebhookGatewayApplication.class);
        if (!settings.append()) {
            builder.sources(AppendSwitchedOff.class);
        }
        return builder.run(arguments.toArray(String[]::new));
    }

    private static String logFile(Settings settings) {
        return "target/bench/gateway-append-" + (settings.append() ? "on" : "off") + ".log";
    }

    private static void printServerSide(PrintStream out, ConfigurableApplicationContext gateway) {
        Timer accepted = gateway.getBean(MeterRegistry.class)
                .find("webhooks.ingest")
                .tag("outcome", "accepted")
                .timer();
        if (accepted != null) {
            out.printf(
                    Locale.ROOT,
                    "server side (webhooks.ingest, accepted, warm-up included): %d requests, mean %.3f ms, max %.3f ms%n",
                    accepted.count(),
                    accepted.mean(TimeUnit.MILLISECONDS),
                    accepted.max(TimeUnit.MILLISECONDS));
        }
    }

    /** The requests of one run. */
    static final class Load {

        private final Settings settings;
        private final String template;
        private final String templateRequestId;
        private final URI uri;
        private final long brokerPid;
        private final String runId = HexFormat.of().formatHex(randomBytes(4)).toUpperCase(Locale.ROOT);

        Load(Settings settings, byte[] template, URI uri, long brokerPid) {
            this.settings = settings;
            this.brokerPid = brokerPid;
            this.template = new String(template, StandardCharsets.UTF_8);
            this.templateRequestId = requestIdOf(this.template);
            this.uri = uri;
        }

        /**
         * The warm-up, then the measured run. Each is open loop at the rate; the measured run starts once every
         * warm-up request was answered, so a queue left by the cold start is not carried into the measurement.
         */
        Result run(PrintStream out) throws InterruptedException {
            Result warmup = phase(0, settings.warmupRequests());
            if (warmup.latency.count() > 0) {
                out.printf(
                        Locale.ROOT,
                        "warm-up, not measured (cold JVM, JIT compiling): p50 %.2f  p99 %.2f  max %.2f ms, %d errors%n",
                        warmup.latency.millisAt(50),
                        warmup.latency.millisAt(99),
                        warmup.latency.maxMillis(),
                        warmup.errors.values().stream()
                                .mapToLong(Long::longValue)
                                .sum());
            }
            CpuTimes before = CpuTimes.now(brokerPid);
            Result measured = phase(settings.warmupRequests(), settings.totalRequests());
            measured.cpu = CpuTimes.now(brokerPid).minus(before);
            return measured;
        }

        /** Requests {@code from} (inclusive) to {@code to}. */
        private Result phase(long from, long to) throws InterruptedException {
            Result result = new Result();
            OpenLoop load = new OpenLoop(uri, settings.rate(), settings.connections(), settings.timeout());
            result.measuredFrom = load.run(
                    to - from,
                    i -> request(from + i),
                    (i, status, error, due, sent, done) -> result.record(
                            due,
                            sent,
                            done,
                            error != null
                                    ? error.getClass().getSimpleName()
                                    : status / 100 == 2 ? null : "HTTP " + status));
            result.generatorCpuNanos = load.senderCpuNanos();
            return result;
        }

        /**
         * The fixture with a request id of its own (same length), so records spread over the partitions, signed, as
         * the bytes of one HTTP/1.1 request.
         */
        byte[] request(long i) {
            String prefix = "01" + runId;
            String requestId = prefix
                    + String.format(
                            Locale.ROOT, "%0" + Math.max(1, templateRequestId.length() - prefix.length()) + "d", i);
            byte[] body = template.replace(templateRequestId, requestId).getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("x-request-network-signature", SIGNING_KEY.sign(body));
            headers.put("x-request-network-delivery", String.format(Locale.ROOT, "01BENCH%s%011d", runId, i));
            headers.put("x-request-network-retry-count", "0");
            return HttpConnection.post(uri, headers, body);
        }

        private static String requestIdOf(String json) {
            int key = json.indexOf("\"requestId\":\"");
            if (key < 0) {
                return "no-request-id-in-template";
            }
            int from = key + "\"requestId\":\"".length();
            return json.substring(from, json.indexOf('"', from));
        }
    }

    /** What the clients saw; recorded from every sending thread. */
    static final class Result {

        final LatencyHistogram latency = new LatencyHistogram("latency from the intended send time");
        final LatencyHistogram service = new LatencyHistogram("service time, from the actual send");
        final Map<String, Long> errors = new TreeMap<>();
        long succeeded;
        long lastDone;
        long maxSendLagNanos;
        long measuredFrom;
        CpuTimes cpu;
        long generatorCpuNanos = -1;

        synchronized void record(long due, long sent, long done, String error) {
            latency.record(done - due);
            service.record(done - sent);
            maxSendLagNanos = Math.max(maxSendLagNanos, sent - due);
            lastDone = Math.max(lastDone, done);
            if (error == null) {
                succeeded++;
            } else {
                errors.merge(error, 1L, Long::sum);
            }
        }

        void print(PrintStream out, Settings settings) throws IOException {
            long requests = latency.count();
            long failed = errors.values().stream().mapToLong(Long::longValue).sum();
            double seconds = (lastDone - measuredFrom) / 1e9;
            double achieved = requests / seconds;
            out.println();
            out.println("latency from the intended send time (ms):");
            out.printf(
                    Locale.ROOT,
                    "  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    latency.millisAt(50),
                    latency.millisAt(90),
                    latency.millisAt(99),
                    latency.millisAt(99.9),
                    latency.maxMillis());
            out.println("service time, from the actual send (ms; hides queueing, for comparison only):");
            out.printf(
                    Locale.ROOT,
                    "  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    service.millisAt(50),
                    service.millisAt(90),
                    service.millisAt(99),
                    service.millisAt(99.9),
                    service.maxMillis());
            out.printf(
                    Locale.ROOT,
                    "requests: %d measured, %d 2xx, %d errors %s; largest send lag %.2f ms%n",
                    requests,
                    succeeded,
                    failed,
                    errors.isEmpty() ? "" : errors,
                    maxSendLagNanos / 1e6);
            out.printf(Locale.ROOT, "achieved rate: %.1f req/s (target %d)%n", achieved, settings.rate());
            if (cpu != null && requests > 0) {
                out.printf(
                        Locale.ROOT,
                        "CPU per request (measured run): %.0f us this JVM (gateway and generator), %.0f us broker;"
                                + " %.2f and %.2f cores%n",
                        cpu.jvm().toNanos() / 1e3 / requests,
                        cpu.broker().toNanos() / 1e3 / requests,
                        cpu.jvm().toNanos() / 1e9 / seconds,
                        cpu.broker().toNanos() / 1e9 / seconds);
                if (generatorCpuNanos >= 0) {
                    out.printf(
                            Locale.ROOT,
                            "  of this JVM's: %.0f us the generator's sending threads, %.0f us the rest (the gateway,"
                                    + " its producer, GC and JIT)%n",
                            generatorCpuNanos / 1e3 / requests,
                            (cpu.jvm().toNanos() - generatorCpuNanos) / 1e3 / requests);
                }
            }
            if (achieved < settings.rate() * 0.98) {
                out.printf(
                        Locale.ROOT,
                        "NOTE: the target rate was not sustained with %d connections; the latencies above include the"
                                + " queueing behind busy connections, as the provider would see it. Check the load"
                                + " average for other work on the machine, or raise --connections.%n",
                        settings.connections());
            }
            out.println();
            out.println("| mode | rate (req/s) | seconds | connections | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms"
                    + " | errors | achieved req/s |");
            out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.1f |%n",
                    settings.append() ? "append on" : "append off",
                    settings.rate(),
                    settings.seconds(),
                    settings.connections(),
                    latency.millisAt(50),
                    latency.millisAt(90),
                    latency.millisAt(99),
                    latency.millisAt(99.9),
                    latency.maxMillis(),
                    failed,
                    achieved);
            BenchReport report = BenchReport.in(Path.of("target/bench"), out);
            String distribution = "latency-append-" + (settings.append() ? "on" : "off");
            report.saveDistribution(latency, distribution);
            out.println("full latency distribution (ms): " + report.folder().resolve(distribution + ".hgrm"));
        }
    }

    /**
     * CPU time used so far by this JVM (the gateway and the load generator) and by the broker's process: the cost per
     * request that the shared machine's other work does not distort, as latencies are.
     */
    record CpuTimes(Duration jvm, Duration broker) {

        static CpuTimes now(long brokerPid) {
            return new CpuTimes(
                    cpuOf(ProcessHandle.current()),
                    cpuOf(ProcessHandle.of(brokerPid).orElseThrow()));
        }

        CpuTimes minus(CpuTimes earlier) {
            return new CpuTimes(jvm.minus(earlier.jvm), broker.minus(earlier.broker));
        }

        private static Duration cpuOf(ProcessHandle process) {
            return process.info()
                    .totalCpuDuration()
                    .orElseThrow(() -> new IllegalStateException("No CPU time for process " + process.pid()));
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
