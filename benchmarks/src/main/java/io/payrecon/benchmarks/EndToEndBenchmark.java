package io.payrecon.benchmarks;

import io.payrecon.benchkit.BenchOptions;
import io.payrecon.benchkit.BenchReport;
import io.payrecon.benchkit.CostMeter;
import io.payrecon.benchkit.HttpConnection;
import io.payrecon.benchkit.LatencyHistogram;
import io.payrecon.benchkit.OpenLoop;
import io.payrecon.benchkit.PhaseCost;
import io.payrecon.events.Topics;
import io.payrecon.launcher.App;
import io.payrecon.launcher.AppProcess;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemEndpoints;
import io.payrecon.launcher.ledger.LogReader;
import io.payrecon.launcher.ledger.Quiescence;
import io.payrecon.launcher.traffic.Pacing;
import io.payrecon.launcher.traffic.StatusEventWatcher;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./pipeline bench}: webhook accepted → {@code order.payment-status-changed} read from Kafka, open loop at
 * fixed rates (latency from each webhook's intended send time, so queueing is counted), the time to drain a
 * backlog of webhooks appended while the reconciler was stopped, and the same run's baselines: the gateway's HTTP
 * path without the append (deliveries with a wrong signature, answered 401 after the body was read and the HMAC
 * computed) and batched JDBC inserts into a scratch table. Only the gateway and the reconciler run (orders are
 * opened by writing their {@code payment-link.created} to the log), on a devstack of its own with a durable
 * PostgreSQL (fsync on, like {@code ./pipeline up}). Every phase also reports what it cost per webhook, process by
 * process ({@link PipelineCost}): the figures a capacity plan multiplies by a rate.
 */
public final class EndToEndBenchmark {

    static final String USAGE = """
            Usage: ./pipeline bench [options]
              --rates 500,1000     webhooks per second, one measured phase each
              --seconds 60         measured seconds per rate (after the warm-up)
              --warmup 90          seconds at the same rate before measuring (the whole pipeline kept up only after 32-95 s on 2 cores)
              --senders 64         HTTP connections sending webhooks
              --backlog 1000000    webhooks appended while the reconciler is stopped, then drained (0: skip)
              --insert-rows N      rows for the PostgreSQL baseline (default: the backlog, at least 100000)
              --http-baseline 20   seconds of the HTTP-only baseline at each rate (0: skip)
              --durable false      run PostgreSQL without fsync, as the tests do
              --reconcilers 2      reconciler instances, one consumer group (1): what a second one adds
            """;

    private record Options(
            List<Integer> rates,
            int seconds,
            int warmup,
            int senders,
            long backlog,
            long insertRows,
            int httpBaselineSeconds,
            boolean durable,
            int reconcilers) {}

    /** One measured phase. */
    private record RateResult(
            int rate,
            double achieved,
            LatencyHistogram accepted,
            LatencyHistogram statusEvent,
            LatencyHistogram applied,
            LatencyHistogram relaySent,
            long missing,
            Map<String, Long> errors,
            OptionalInt acceptedKeptUpFrom,
            OptionalInt statusKeptUpFrom,
            int measuredSecondsBehind) {}

    /**
     * A second of a rate phase kept up when every webhook of it was answered 200 and its status event seen, neither
     * later than this after the webhook was due.
     */
    private static final Duration KEPT_UP = Duration.ofSeconds(1);

    private record BacklogResult(
            long webhooks,
            double appendSeconds,
            double startSeconds,
            double consumedSeconds,
            double publishedSeconds) {}

    private final Options options;
    private final PrintStream out;
    private final BenchReport output;
    /** Each phase's CPU and bytes per event, in the order run (see {@link PipelineCost}). */
    private final List<PhaseCost> costs = new ArrayList<>();

    private CostMeter meter;

    private EndToEndBenchmark(Options options, PrintStream out, BenchReport output) {
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
                EndToEndBenchmark::parse,
                options -> new EndToEndBenchmark(options, out, BenchSystem.results(root, environment, "", out))
                        .run(root, environment, String.join(" ", args)));
    }

    private int run(Path root, Map<String, String> environment, String commandLine) throws Exception {
        String machine = BenchReport.machine();
        out.println("End-to-end benchmark on " + machine);
        out.println("Output in " + output.folder());
        // Orders are opened from the log, never polled: there is no provider here.
        Map<App, Map<String, String>> appEnvironment =
                Map.of(App.RECONCILER, Map.of("RECONCILER_POLLING_ENABLED", "false"));
        try (BenchSystem bench = BenchSystem.start(
                        root,
                        environment,
                        options.durable(),
                        appEnvironment,
                        Map.of(App.RECONCILER, options.reconcilers()),
                        List.of(App.WEBHOOK_GATEWAY, App.RECONCILER),
                        output.folder());
                BenchWebhooks webhooks = new BenchWebhooks(
                        bench.system().infrastructure().adminClientProperties(),
                        bench.system().credentials().webhookSecret());
                PipelineCost pipelineCost = PipelineCost.of(bench.system())) {
            LocalSystem system = bench.system();
            meter = pipelineCost.meter();
            SystemEndpoints endpoints = SystemEndpoints.of(system);
            LogReader log = new LogReader(endpoints.kafkaAdmin());

            out.println("Opening the orders of the measured phases ...");
            for (int rate : options.rates()) {
                webhooks.openOrders("rate" + rate, (long) rate * (options.warmup() + options.seconds()));
            }
            awaitCaughtUp(log, Topics.LINK_EVENTS, Duration.ofMinutes(10));

            List<RateResult> results = new ArrayList<>();
            List<RateResult> baselines = new ArrayList<>();
            for (int rate : options.rates()) {
                results.add(measure(endpoints, webhooks, rate));
                if (options.httpBaselineSeconds() > 0) {
                    baselines.add(httpOnly(endpoints, webhooks, rate));
                }
            }
            BacklogResult backlog = options.backlog() > 0 ? backlog(system, webhooks, log, endpoints) : null;
            out.printf("PostgreSQL baseline: inserting %,d rows in batches of 1,000 ...%n", options.insertRows());
            CostMeter.Reading beforeInserts = meter.read();
            PostgresInsertBaseline.Result inserts = PostgresInsertBaseline.run(
                    endpoints.jdbcUrl(), endpoints.databaseUser(), endpoints.databasePassword(), options.insertRows());
            cost(meter.between("raw JDBC insert baseline", "row", inserts.rows(), beforeInserts, meter.read()));
            String report = report(machine, commandLine, results, baselines, backlog, inserts);
            output.publish("performance.md", report);
            output.write("cost.csv", PhaseCost.csv(costs));
            return results.stream().allMatch(result -> result.missing() == 0) ? 0 : 1;
        }
    }

    private RateResult measure(SystemEndpoints endpoints, BenchWebhooks webhooks, int rate) throws Exception {
        String phase = "rate" + rate;
        int total = rate * (options.warmup() + options.seconds());
        int warmupCount = rate * options.warmup();
        long[] intended = new long[total];
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        Map<String, Integer> indexOf = new ConcurrentHashMap<>(total * 2);
        for (int i = 0; i < total; i++) {
            indexOf.put(webhooks.order(phase, i).orderId(), i);
        }
        LatencyHistogram accepted = new LatencyHistogram("webhook → 200 from the gateway");
        LatencyHistogram statusEvent = new LatencyHistogram("webhook → status event read from Kafka");
        LatencyHistogram applied =
                new LatencyHistogram("webhook → applied by the reconciler (the status event's occurredAt)");
        LatencyHistogram relaySent =
                new LatencyHistogram("webhook → status event sent by the relay (record timestamp)");
        AtomicLong received = new AtomicLong();
        KeptUp acceptedKeptUp = new KeptUp(rate, options.warmup() + options.seconds());
        KeptUp statusKeptUp = new KeptUp(rate, options.warmup() + options.seconds());
        KeptUp appliedKeptUp = new KeptUp(rate, options.warmup() + options.seconds());
        KeptUp relayKeptUp = new KeptUp(rate, options.warmup() + options.seconds());
        // intended times are System.nanoTime(); a record's timestamp is the producer's wall clock, on this machine
        long epochNanosAtZero = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        CompletableFuture<CostMeter.Reading> measuredFrom = new CompletableFuture<>();
        out.printf("%d webhooks/s: %d s warm-up, %d s measured ...%n", rate, options.warmup(), options.seconds());
        try (StatusEventWatcher watcher = new StatusEventWatcher(endpoints.kafkaOrderSystem(), arrival -> {
            Integer i = indexOf.get(arrival.event().orderId());
            if (i != null && seen.compareAndSet(i, 0, 1)) {
                long latency = arrival.arrivedNanos() - intended[i];
                long due = intended[i] + epochNanosAtZero;
                long sent = Math.max(0, arrival.sentMillis() * 1_000_000L - due);
                long apply = Math.max(0, epochNanos(arrival.event().occurredAt()) - due);
                statusKeptUp.record(i, latency);
                relayKeptUp.record(i, sent);
                appliedKeptUp.record(i, apply);
                if (i >= warmupCount) {
                    statusEvent.record(latency);
                    relaySent.record(sent);
                    applied.record(apply);
                    received.incrementAndGet();
                }
            }
        })) {
            Sent sent = send(
                    endpoints,
                    rate,
                    total,
                    intended,
                    i -> {
                        if (i == warmupCount) {
                            // Off the sending thread: reading /proc and the WAL position takes milliseconds.
                            Thread.ofVirtual().start(() -> measuredFrom.complete(meter.read()));
                        }
                        BenchWebhooks.Order order = webhooks.order(phase, i);
                        byte[] body = webhooks.body(order);
                        return new Delivery(
                                body, webhooks.headers(body, BenchWebhooks.deliveryId(), webhooks.secret()));
                    },
                    (i, status, nanos) -> {
                        if (status != 200) {
                            acceptedKeptUp.failed(i);
                            return;
                        }
                        acceptedKeptUp.record(i, nanos);
                        if (i >= warmupCount) {
                            accepted.record(nanos);
                        }
                    });
            long measured = total - warmupCount;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.get() < measured && System.nanoTime() < deadline) {
                Pacing.sleep(Duration.ofMillis(200));
            }
            if (measured > 0) {
                // From the first measured webhook to its last status event: every accepted webhook's work is done.
                cost(meter.between(
                        rate + " webhooks/s", "webhook", accepted.count(), measuredFrom.join(), meter.read()));
            }
            RateResult result = new RateResult(
                    rate,
                    sent.achievedRate(),
                    accepted,
                    statusEvent,
                    applied,
                    relaySent,
                    measured - received.get(),
                    sent.errors(),
                    acceptedKeptUp.from(KEPT_UP),
                    statusKeptUp.from(KEPT_UP),
                    Math.max(
                            acceptedKeptUp.behindFrom(options.warmup(), KEPT_UP),
                            statusKeptUp.behindFrom(options.warmup(), KEPT_UP)));
            print(result);
            output.saveDistribution(statusEvent, "status-event-" + rate);
            output.saveDistribution(applied, "applied-" + rate);
            output.saveDistribution(relaySent, "relay-sent-" + rate);
            output.saveDistribution(accepted, "accepted-" + rate);
            SequencedMap<String, KeptUp> stages = new LinkedHashMap<>();
            stages.put("accepted", acceptedKeptUp);
            stages.put("applied", appliedKeptUp);
            stages.put("relay_sent", relayKeptUp);
            stages.put("status_event", statusKeptUp);
            output.write("worst-by-second-" + rate + ".csv", KeptUp.worstBySecondCsv(stages, options.warmup()));
            return result;
        }
    }

    /** The gateway's HTTP path without the append: same bodies, signed with a secret the gateway does not have. */
    private RateResult httpOnly(SystemEndpoints endpoints, BenchWebhooks webhooks, int rate) throws Exception {
        int total = rate * options.httpBaselineSeconds();
        int warmupCount = Math.min(rate * 5, total / 4);
        LatencyHistogram answered = new LatencyHistogram("refused webhook → 401 (no append)");
        AtomicLong refused = new AtomicLong();
        out.printf("HTTP-only baseline at %d webhooks/s for %d s ...%n", rate, options.httpBaselineSeconds());
        CostMeter.Reading before = meter.read();
        Sent sent = send(
                endpoints,
                rate,
                total,
                new long[total],
                i -> {
                    BenchWebhooks.Order order = webhooks.order("rate" + rate, i);
                    byte[] body = webhooks.body(order);
                    return new Delivery(body, webhooks.headers(body, BenchWebhooks.deliveryId(), "not-the-" + i));
                },
                (i, status, nanos) -> {
                    if (status == 401) {
                        refused.incrementAndGet();
                    }
                    if (i >= warmupCount && status == 401) {
                        answered.record(nanos);
                    }
                });
        cost(meter.between(
                "HTTP-only baseline at " + rate + "/s (refused, no append)",
                "request",
                refused.get(),
                before,
                meter.read()));
        RateResult result = new RateResult(
                rate,
                sent.achievedRate(),
                answered,
                new LatencyHistogram("none"),
                new LatencyHistogram("none"),
                new LatencyHistogram("none"),
                0,
                sent.errors(),
                OptionalInt.empty(),
                OptionalInt.empty(),
                0);
        out.printf("  achieved %.0f/s, %s, errors %s%n", result.achieved(), answered.summary(), result.errors());
        output.saveDistribution(answered, "http-only-" + rate);
        return result;
    }

    private BacklogResult backlog(
            LocalSystem system, BenchWebhooks webhooks, LogReader log, SystemEndpoints endpoints) {
        long n = options.backlog();
        out.printf("Backlog: opening %,d orders ...%n", n);
        webhooks.openOrders("backlog", n);
        awaitCaughtUp(log, Topics.LINK_EVENTS, Duration.ofMinutes(30));
        List<AppProcess> reconcilers = system.instances(App.RECONCILER);
        reconcilers.forEach(AppProcess::stop);
        out.printf("Backlog: reconciler stopped; appending %,d webhooks to %s ...%n", n, Topics.WEBHOOKS);
        CostMeter.Reading beforeAppend = meter.read();
        long appendStarted = System.nanoTime();
        webhooks.appendWebhooks("backlog", n);
        double appendSeconds = (System.nanoTime() - appendStarted) / 1e9;
        CostMeter.Reading beforeStart = meter.read();
        cost(meter.between("backlog append (producer → broker)", "webhook", n, beforeAppend, beforeStart));
        out.printf("Backlog: appended in %.1f s; starting the reconciler ...%n", appendSeconds);
        long started = System.nanoTime();
        reconcilers.forEach(AppProcess::launch);
        reconcilers.forEach(AppProcess::awaitHealthy);
        double startSeconds = (System.nanoTime() - started) / 1e9;
        CostMeter.Reading healthy = meter.read();
        long lagWhenHealthy = log.lag("reconciler", List.of(Topics.WEBHOOKS));
        cost(meter.between(
                "backlog: reconciler start until healthy", "webhook", n - lagWhenHealthy, beforeStart, healthy));
        Quiescence quiescence = new Quiescence(endpoints);
        long deadline = started + Duration.ofMinutes(60).toNanos();
        double consumed = -1;
        double published = -1;
        long nextReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long lag = log.lag("reconciler", List.of(Topics.WEBHOOKS));
            if (consumed < 0 && lag == 0) {
                consumed = (System.nanoTime() - started) / 1e9;
            }
            if (consumed >= 0) {
                Quiescence.Snapshot snapshot = quiescence.look();
                if (snapshot.outboxBacklog().getOrDefault("reconciler", 1L) == 0) {
                    published = (System.nanoTime() - started) / 1e9;
                    break;
                }
            }
            if (System.nanoTime() >= nextReport) {
                out.printf("Backlog: %,d webhooks left after %.0f s%n", lag, (System.nanoTime() - started) / 1e9);
                nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            }
            Pacing.sleep(Duration.ofMillis(250));
        }
        cost(meter.between(
                "backlog drain (healthy → outbox empty)",
                "webhook",
                lagWhenHealthy - log.lag("reconciler", List.of(Topics.WEBHOOKS)),
                healthy,
                meter.read()));
        BacklogResult result = new BacklogResult(n, appendSeconds, startSeconds, consumed, published);
        out.printf(
                "Backlog of %,d: consumed %.1f s and published %.1f s after the reconciler's start (healthy after %.1f s)"
                        + ": %,.0f webhooks/s once healthy%n",
                n, consumed, published, startSeconds, n / (consumed - startSeconds));
        return result;
    }

    /** What one request is: its body and headers. */
    private record Delivery(byte[] body, Map<String, String> headers) {}

    private interface Deliveries {
        Delivery make(int index);
    }

    private interface Answers {
        void answered(int index, int status, long latencyNanos);
    }

    private record Sent(double achievedRate, Map<String, Long> errors) {}

    /**
     * Sends {@code total} requests open loop ({@link OpenLoop}: request <i>i</i> due at <i>start + i / rate</i>)
     * through a fixed pool of connections; a request waiting for a free connection is late, and that counts in its
     * latency. Notes each request's due time in {@code intended} before it is sent.
     */
    private Sent send(
            SystemEndpoints endpoints, int rate, int total, long[] intended, Deliveries deliveries, Answers answers)
            throws InterruptedException {
        URI uri = URI.create(endpoints.webhookGatewayUrl() + "/webhooks/request-network");
        Map<String, Long> errors = new ConcurrentSkipListMap<>();
        OpenLoop load = new OpenLoop(uri, rate, options.senders(), Duration.ofSeconds(10));
        long start = System.nanoTime() + Duration.ofMillis(100).toNanos();
        load.run(
                start,
                total,
                i -> {
                    intended[(int) i] = load.due(start, i);
                    Delivery delivery = deliveries.make((int) i);
                    return HttpConnection.post(uri, delivery.headers(), delivery.body());
                },
                (i, status, error, due, sent, done) -> {
                    if (error != null) {
                        errors.merge(error.getClass().getSimpleName(), 1L, Long::sum);
                        return;
                    }
                    answers.answered((int) i, status, done - due);
                    if (status != 200 && status != 401) {
                        errors.merge("HTTP " + status, 1L, Long::sum);
                    }
                });
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Sent(total / elapsed, errors);
    }

    private void cost(PhaseCost phase) {
        costs.add(phase);
        out.println();
        out.print(phase.markdown());
        out.println();
    }

    private static long epochNanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    private void awaitCaughtUp(LogReader log, String topic, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (log.lag("reconciler", List.of(topic)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The reconciler did not consume " + topic + " within " + patience);
            }
            Pacing.sleep(Duration.ofMillis(500));
        }
    }

    private void print(RateResult result) {
        out.printf(
                "  achieved %.0f/s%n  %s%n  %s%n  %s%n  %s%n  status events missing after 60 s: %d; errors %s%n  %s%n",
                result.achieved(),
                result.accepted().summary(),
                result.applied().summary(),
                result.relaySent().summary(),
                result.statusEvent().summary(),
                result.missing(),
                result.errors(),
                keptUp(result));
    }

    /** From when the system kept up with the load, and whether the measured phase holds seconds that did not. */
    private String keptUp(RateResult result) {
        return ("kept up (every webhook of a second answered 200 and its status event seen, within %d s) from: the"
                        + " gateway's 200 %s, the status events %s; the measured phase (from +%d s) %s")
                .formatted(
                        KEPT_UP.toSeconds(),
                        since(result.acceptedKeptUpFrom()),
                        since(result.statusKeptUpFrom()),
                        options.warmup(),
                        result.measuredSecondsBehind() == 0
                                ? "kept up every second"
                                : "had %d seconds that did not keep up, which its figures include"
                                        .formatted(result.measuredSecondsBehind()));
    }

    private static String since(OptionalInt second) {
        return second.isPresent() ? "+" + second.getAsInt() + " s" : "never";
    }

    private String report(
            String machine,
            String commandLine,
            List<RateResult> results,
            List<RateResult> baselines,
            BacklogResult backlog,
            PostgresInsertBaseline.Result inserts) {
        StringBuilder text = new StringBuilder();
        text.append("## End to end: webhook accepted → status event on Kafka\n\n");
        text.append("Command: `./pipeline bench ").append(commandLine).append("`  \n");
        text.append("Machine: ").append(machine).append("  \n");
        text.append(
                        options.reconcilers() == 1
                                ? "Gateway and reconciler each one JVM ("
                                : "Gateway one JVM, reconciler " + options.reconcilers()
                                        + " JVMs in one consumer group (")
                .append(ManagementFactory.getRuntimeMXBean().getVmVersion())
                .append("), Kafka (1 broker, 3 partitions) and PostgreSQL 17 (")
                .append(options.durable() ? "fsync on" : "fsync off")
                .append(") on the same machine; latency from each webhook's intended send time (open loop).\n\n");
        text.append("| rate (webhooks/s) | achieved | accepted p50 | p99 | p99.9 | status event p50 | p99 | p99.9 | max"
                + " | missing | errors |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RateResult r : results) {
            text.append("| %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %d | %s |\n"
                    .formatted(
                            r.rate(),
                            r.achieved(),
                            LatencyHistogram.format(r.accepted().millisAt(50)),
                            LatencyHistogram.format(r.accepted().millisAt(99)),
                            LatencyHistogram.format(r.accepted().millisAt(99.9)),
                            LatencyHistogram.format(r.statusEvent().millisAt(50)),
                            LatencyHistogram.format(r.statusEvent().millisAt(99)),
                            LatencyHistogram.format(r.statusEvent().millisAt(99.9)),
                            LatencyHistogram.format(r.statusEvent().maxMillis()),
                            r.missing(),
                            r.errors().isEmpty() ? "none" : r.errors()));
        }
        if (!results.isEmpty()) {
            text.append("\nWhen each rate kept up (seconds after its phase's first webhook was due):\n\n");
        }
        for (RateResult r : results) {
            text.append("- %d/s: %s\n".formatted(r.rate(), keptUp(r)));
        }
        if (!results.isEmpty()) {
            text.append("\nWhere a status event's time went: until the reconciler applied its webhook (the event's"
                    + " occurredAt: the gateway, the broker, the consumer's fetch, the batch's first statements), until"
                    + " the relay sent it (its record's timestamp, the producer's millisecond clock: the rest of the"
                    + " batch, its commit, the relay's read), the rest being the relay's wait for the broker, the append"
                    + " and this benchmark's reading:\n\n");
        }
        for (RateResult r : results) {
            text.append(String.format(
                    "- %d/s: applied p50 %s, p99 %s, max %s; sent by the relay p50 %s, p99 %s, p99.9 %s, max %s"
                            + " (read: p99 %s)\n",
                    r.rate(),
                    LatencyHistogram.format(r.applied().millisAt(50)),
                    LatencyHistogram.format(r.applied().millisAt(99)),
                    LatencyHistogram.format(r.applied().maxMillis()),
                    LatencyHistogram.format(r.relaySent().millisAt(50)),
                    LatencyHistogram.format(r.relaySent().millisAt(99)),
                    LatencyHistogram.format(r.relaySent().millisAt(99.9)),
                    LatencyHistogram.format(r.relaySent().maxMillis()),
                    LatencyHistogram.format(r.statusEvent().millisAt(99))));
        }
        text.append("\nBaselines of the same run:\n\n");
        for (RateResult b : baselines) {
            text.append(String.format(
                    "- HTTP only (gateway, signature refused → 401: body read, HMAC computed, no append) at %d/s:"
                            + " p50 %s, p99 %s, p99.9 %s (achieved %.0f/s)\n",
                    b.rate(),
                    LatencyHistogram.format(b.accepted().millisAt(50)),
                    LatencyHistogram.format(b.accepted().millisAt(99)),
                    LatencyHistogram.format(b.accepted().millisAt(99.9)),
                    b.achieved()));
        }
        text.append(String.format(
                "- PostgreSQL: %,d rows shaped like `webhook_deliveries`, JDBC batches of 1,000, one commit each:"
                        + " %,.0f rows/s\n",
                inserts.rows(), inserts.rowsPerSecond()));
        text.append("- The gateway's own benchmark with the append switched off (HdrHistogram, same open-loop method):"
                + " `./mvnw -B -q -pl webhook-gateway test-compile exec:exec -Dbench.args=\"--rate 1000 --seconds 60"
                + " --append off\"`\n");
        if (backlog != null) {
            text.append(String.format(
                    "\nBacklog: %,d `webhook.received` appended while the reconciler was stopped (%.1f s to append);"
                            + " after its start, consumed in %.1f s and every status event published in %.1f s"
                            + " (the JVM was healthy after %.1f s; %,.0f webhooks/s from then on)\n",
                    backlog.webhooks(),
                    backlog.appendSeconds(),
                    backlog.consumedSeconds(),
                    backlog.publishedSeconds(),
                    backlog.startSeconds(),
                    backlog.webhooks() / (backlog.consumedSeconds() - backlog.startSeconds())));
        }
        text.append(costReport());
        return text.toString();
    }

    /**
     * Each phase's cost per event side by side, the ratios to the raw insert baseline, then each phase's table: for
     * comparing runs as ratios, and the figures docs/operations.md's capacity table is computed from.
     */
    private String costReport() {
        StringBuilder text = new StringBuilder("\n### Cost per event\n\n");
        text.append("CPU time (user + system, from `/proc/<pid>/stat`; PostgreSQL's postmaster and all its processes,")
                .append(" those that exited included) per accepted webhook, and bytes written per webhook (WAL from")
                .append(" `pg_current_wal_insert_lsn()`, Kafka log segment sizes by topic). The pipeline's figure")
                .append(" leaves out the load generator. Rate phases: from the first measured webhook to the last")
                .append(" status event (warm-up excluded).\n\n");
        text.append(PhaseCost.summary(costs));
        PhaseCost inserts = costs.stream()
                .filter(phase -> phase.unit().equals("row"))
                .findFirst()
                .orElse(null);
        if (inserts != null) {
            double rowMicros = inserts.cpuMicros(PipelineCost.POSTGRES) + inserts.cpuMicros(PipelineCost.LOAD);
            double rowWal = inserts.bytesPerEvent(PipelineCost.WAL);
            text.append("\nAgainst the raw JDBC insert baseline (one row shaped like `webhook_deliveries`: %s µs of"
                            .formatted(PhaseCost.micros(rowMicros)))
                    .append(" PostgreSQL + client CPU, %s of WAL):\n\n".formatted(PhaseCost.bytes(rowWal)));
            for (PhaseCost phase : costs) {
                if (phase.unit().equals("webhook")
                        && phase.events() > 0
                        && phase.cpuMicros(PipelineCost.RECONCILER) > 0) {
                    double applied = phase.cpuMicros(PipelineCost.RECONCILER) + phase.cpuMicros(PipelineCost.POSTGRES);
                    text.append(String.format(
                            "- %s: reconciler + PostgreSQL %s µs per webhook = **%.1f× a raw row**; WAL %s per webhook"
                                    + " = **%.1f× a raw row's**\n",
                            phase.phase(),
                            PhaseCost.micros(applied),
                            applied / rowMicros,
                            PhaseCost.bytes(phase.bytesPerEvent(PipelineCost.WAL)),
                            phase.bytesPerEvent(PipelineCost.WAL) / rowWal));
                }
            }
        }
        text.append('\n');
        costs.forEach(phase -> text.append(phase.markdown()).append('\n'));
        return text.toString();
    }

    /** Null for {@code --help}. */
    private static Options parse(List<String> args) {
        BenchOptions given = BenchOptions.parse(
                args,
                Set.of(
                        "rates",
                        "seconds",
                        "warmup",
                        "senders",
                        "backlog",
                        "insert-rows",
                        "http-baseline",
                        "durable",
                        "reconcilers"));
        if (given == null) {
            return null;
        }
        long backlog = given.longInteger("backlog", 1_000_000);
        return new Options(
                given.integers("rates", List.of(500, 1000)),
                given.integer("seconds", 60),
                given.integer("warmup", 90),
                given.integer("senders", 64),
                backlog,
                given.longInteger("insert-rows", Math.max(backlog, 100_000)),
                given.integer("http-baseline", 20),
                given.bool("durable", true),
                given.integer("reconcilers", 1));
    }
}
