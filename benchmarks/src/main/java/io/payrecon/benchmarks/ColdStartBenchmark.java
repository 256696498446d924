package io.payrecon.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.payrecon.benchkit.BenchOptions;
import io.payrecon.benchkit.BenchReport;
import io.payrecon.benchkit.HttpConnection;
import io.payrecon.benchkit.LatencyHistogram;
import io.payrecon.benchkit.OpenLoop;
import io.payrecon.launcher.App;
import io.payrecon.launcher.AppProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./pipeline bench-cold}: a gateway started into full load, as an instance restarted under traffic is. A load
 * generator, warmed up beforehand against a stand-in that answers at once, waits until a freshly launched gateway
 * process is ready, then sends signed webhooks open loop at the full rate from that moment, with no warm-up. Latency
 * (from each request's intended send time) is reported per window of seconds since the process was launched, for a
 * start with the ahead-of-time cache and one without ({@code PIPELINE_AOT=off}), in turns.
 */
final class ColdStartBenchmark {

    static final String USAGE = """
            Usage: ./pipeline bench-cold [options]
              --rate 2000        webhooks/s from the moment the gateway is ready
              --seconds 60       how long the load lasts
              --window 5         seconds per reported window
              --rounds 2         starts of each kind (with the cache, then without), in turns
              --senders 32       connections of the load generator
            """;

    /** What "warm" means in the report: the target. */
    private static final double TARGET_P99_MILLIS = 100;

    private record Options(int rate, int seconds, int window, int rounds, int senders) {}

    /** One start: how long until ready, the CPU it took, and the latencies per window. */
    private record Start(
            String kind,
            double readySeconds,
            double cpuUntilReady,
            List<LatencyHistogram> windows,
            long errors,
            double cpuPerWebhookMicros) {

        /** Seconds since launch from which every window's p99 is under the target, or -1 if none is. */
        int warmAfter(int window) {
            int end = windows.size();
            while (end > 0 && windows.get(end - 1).count() == 0) {
                end--; // after the load
            }
            int from = end;
            while (from > 0
                    && windows.get(from - 1).count() > 0
                    && windows.get(from - 1).millisAt(99) < TARGET_P99_MILLIS) {
                from--;
            }
            return from == end ? -1 : from * window;
        }
    }

    private final Options options;
    private final PrintStream out;
    private final BenchReport output;

    private ColdStartBenchmark(Options options, PrintStream out, BenchReport output) {
        this.options = options;
        this.out = out;
        this.output = output;
    }

    static int run(Path root, List<String> args, Map<String, String> environment, PrintStream out) throws Exception {
        return BenchOptions.parseThenRun(
                args,
                out,
                USAGE,
                ColdStartBenchmark::parse,
                options -> new ColdStartBenchmark(options, out, BenchSystem.results(root, environment, "-cold", out))
                        .run(root, environment, String.join(" ", args)));
    }

    private int run(Path root, Map<String, String> environment, String commandLine) throws Exception {
        String machine = BenchReport.machine();
        out.println("Cold-start benchmark on " + machine);
        out.println("Output in " + output.folder());
        try (BenchSystem bench = BenchSystem.start(root, environment, false, Map.of(), List.of(), output.folder());
                BenchWebhooks webhooks = new BenchWebhooks(
                        bench.system().infrastructure().adminClientProperties(),
                        bench.system().credentials().webhookSecret())) {
            warmUpGenerator(webhooks);
            AppProcess gateway = bench.system().app(App.WEBHOOK_GATEWAY);
            List<Start> starts = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                for (String aot : List.of("auto", "off")) {
                    starts.add(start(gateway, webhooks, aot, "r" + round + aot));
                }
            }
            String report = report(machine, commandLine, starts);
            output.publish("cold-start.md", report);
            out.println(report);
            return 0;
        }
    }

    /**
     * The generator's own code compiled before it measures anything: the same requests, signed, at the same rate,
     * against an in-process server that answers 200 at once.
     */
    private void warmUpGenerator(BenchWebhooks webhooks) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            out.printf("Warming up the load generator for 20 s at %d/s ...%n", options.rate());
            URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/request-network");
            send(target, webhooks, "warmup", 20, (i, status, due, done) -> {});
        } finally {
            server.stop(0);
        }
    }

    private interface Answer {
        void answered(long i, int status, long dueNanos, long doneNanos);
    }

    private void send(URI target, BenchWebhooks webhooks, String phase, int seconds, Answer answer)
            throws InterruptedException {
        OpenLoop load = new OpenLoop(target, options.rate(), options.senders(), Duration.ofSeconds(10));
        load.run(
                (long) options.rate() * seconds,
                i -> {
                    BenchWebhooks.Order order = webhooks.order(phase, i);
                    byte[] body = webhooks.body(order);
                    return HttpConnection.post(
                            target, webhooks.headers(body, BenchWebhooks.deliveryId(), webhooks.secret()), body);
                },
                (i, status, error, due, sent, done) -> answer.answered(i, error == null ? status : -1, due, done));
    }

    private Start start(AppProcess gateway, BenchWebhooks webhooks, String aot, String phase) throws Exception {
        String kind = aot.equals("off") ? "without the cache" : "with the AOT cache";
        out.printf(
                "Starting the gateway %s, then %d webhooks/s for %d s ...%n", kind, options.rate(), options.seconds());
        long launched = System.nanoTime();
        gateway.launch(Map.of("PIPELINE_AOT", aot));
        awaitReady(gateway);
        double ready = (System.nanoTime() - launched) / 1e9;
        double cpuUntilReady = cpuSeconds(gateway);
        int windowCount = (int) Math.ceil((ready + options.seconds()) / options.window()) + 1;
        List<LatencyHistogram> windows = new ArrayList<>();
        for (int w = 0; w < windowCount; w++) {
            windows.add(new LatencyHistogram("window " + w));
        }
        AtomicLong errors = new AtomicLong();
        URI target = URI.create(gateway.url() + "/webhooks/request-network");
        send(target, webhooks, phase, options.seconds(), (i, status, due, done) -> {
            if (status != 200) {
                errors.incrementAndGet();
                return;
            }
            int window = (int) ((due - launched) / 1_000_000_000L / options.window());
            LatencyHistogram histogram = windows.get(Math.min(window, windows.size() - 1));
            synchronized (histogram) {
                histogram.record(done - due);
            }
        });
        double cpuPerWebhook =
                (cpuSeconds(gateway) - cpuUntilReady) * 1e6 / ((long) options.rate() * options.seconds());
        gateway.stop();
        Start start = new Start(kind, ready, cpuUntilReady, windows, errors.get(), cpuPerWebhook);
        out.printf(
                "  ready %.1f s after launch (%.1f s of CPU); p99 < %.0f ms from %s; errors %d%n",
                ready, cpuUntilReady, TARGET_P99_MILLIS, warmText(start), errors.get());
        return start;
    }

    private String warmText(Start start) {
        int warm = start.warmAfter(options.window());
        return warm < 0 ? "no window" : "%d s after launch".formatted(warm);
    }

    private static double cpuSeconds(AppProcess process) {
        return process.cpuTime().map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static void awaitReady(AppProcess gateway) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(gateway.url() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isRunning()) {
                throw new IllegalStateException("The gateway exited during start-up: see " + gateway.logFile());
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("The gateway was not ready within 3 minutes: see " + gateway.logFile());
    }

    private String report(String machine, String commandLine, List<Start> starts) {
        StringBuilder text = new StringBuilder();
        text.append("# A gateway started into full load\n\n")
                .append("Machine: ")
                .append(machine)
                .append("\nCommand: ./pipeline bench-cold ")
                .append(commandLine)
                .append("\n\n")
                .append("Latency from each webhook's intended send time to the gateway's 200, by when it was due,")
                .append(" in seconds since the gateway's process was launched. Load starts when it is ready.\n\n")
                .append("| start | ready after | CPU until ready | p99 < 100 ms from | CPU per webhook after |")
                .append(" errors |")
                .append(" p50 / p99 by window |\n|---|---|---|---|---|---|---|\n");
        for (Start start : starts) {
            StringBuilder byWindow = new StringBuilder();
            for (int w = 0; w < start.windows().size(); w++) {
                LatencyHistogram window = start.windows().get(w);
                if (window.count() == 0) {
                    continue;
                }
                byWindow.append("%d–%d s: %s / %s; "
                        .formatted(
                                w * options.window(),
                                (w + 1) * options.window(),
                                LatencyHistogram.format(window.millisAt(50)),
                                LatencyHistogram.format(window.millisAt(99))));
            }
            text.append("| %s | %.1f s | %.1f s | %s | %.0f µs | %d | %s |%n"
                    .formatted(
                            start.kind(),
                            start.readySeconds(),
                            start.cpuUntilReady(),
                            warmText(start),
                            start.cpuPerWebhookMicros(),
                            start.errors(),
                            byWindow));
        }
        return text.toString();
    }

    /** Null for {@code --help}. */
    private static Options parse(List<String> args) {
        BenchOptions given = BenchOptions.parse(args, Set.of("rate", "seconds", "window", "rounds", "senders"));
        if (given == null) {
            return null;
        }
        return new Options(
                given.integer("rate", 2000),
                given.integer("seconds", 60),
                given.integer("window", 5),
                given.integer("rounds", 2),
                given.integer("senders", 32));
    }
}
