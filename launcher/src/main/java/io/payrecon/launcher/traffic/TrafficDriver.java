package io.payrecon.launcher.traffic;

import io.payrecon.benchkit.LatencyHistogram;
import io.payrecon.launcher.SystemEndpoints;
import io.payrecon.launcher.SystemHttp;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places orders at a fixed arrival rate, open loop: order <i>i</i> is due at <i>start + i / rate</i> whatever
 * happened to the ones before, and each of its payment steps at a fixed spacing after that; latencies are measured
 * from those intended times, so a stall is counted in full. Orders are created through link-service (retried,
 * as an order system would, until it answers with a link) and paid through the sandbox's controls, with the
 * sandbox's delivery faults (duplicates, reordering) rotating while it runs.
 */
public final class TrafficDriver implements AutoCloseable {

    /** The sandbox's delivery faults, in force in turn: every webhook is duplicated and batches arrive reordered. */
    private static final List<String> DELIVERY_FAULTS = List.of(
            "{\"delivery\":{\"duplicate\":\"same-id\",\"reorder\":3}}",
            "{\"delivery\":{\"duplicate\":\"new-id\",\"reorder\":4}}");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How to drive.
     *
     * @param ordersPerSecond arrival rate of new orders
     * @param stepSpacing time between an order's creation and its first payment step, and between its steps
     * @param mix relative weight of each scenario
     * @param orderPrefix order ids are {@code <prefix>-<n>}; unique per run
     * @param deliveryFaults whether to rotate the sandbox's duplicate and reorder faults
     * @param faultRotation how long each delivery fault configuration stays in force
     * @param createPatience how long after its intended time an order's creation is still retried
     * @param seed for the scenario mix and amounts, so a run can be repeated
     */
    public record Settings(
            double ordersPerSecond,
            Duration stepSpacing,
            Map<Scenario, Integer> mix,
            String orderPrefix,
            boolean deliveryFaults,
            Duration faultRotation,
            Duration createPatience,
            long seed) {

        public Settings {
            if (ordersPerSecond <= 0) {
                throw new IllegalArgumentException("ordersPerSecond must be positive, was " + ordersPerSecond);
            }
            mix = Map.copyOf(mix);
            if (mix.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
                throw new IllegalArgumentException("the scenario mix needs a positive weight");
            }
        }

        /** The same settings with only these scenarios, equally often. */
        public Settings onlyScenarios(Collection<Scenario> scenarios) {
            Map<Scenario, Integer> only = new EnumMap<>(Scenario.class);
            scenarios.forEach(scenario -> only.put(scenario, 1));
            return new Settings(
                    ordersPerSecond,
                    stepSpacing,
                    only,
                    orderPrefix,
                    deliveryFaults,
                    faultRotation,
                    createPatience,
                    seed);
        }

        /** The same settings with this seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(
                    ordersPerSecond,
                    stepSpacing,
                    mix,
                    orderPrefix,
                    deliveryFaults,
                    faultRotation,
                    createPatience,
                    newSeed);
        }

        /** Every scenario equally often, steps 1.5 s apart, faults rotating every 20 s. */
        public static Settings defaults(double ordersPerSecond) {
            Map<Scenario, Integer> mix = new EnumMap<>(Scenario.class);
            for (Scenario scenario : Scenario.values()) {
                mix.put(scenario, 1);
            }
            return new Settings(
                    ordersPerSecond,
                    Duration.ofMillis(1500),
                    mix,
                    "traffic-" + Long.toString(System.currentTimeMillis(), 36),
                    true,
                    Duration.ofSeconds(20),
                    Duration.ofMinutes(2),
                    System.nanoTime());
        }
    }

    private final SystemEndpoints endpoints;
    private final Settings settings;
    private final PrintStream log;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(4, daemon("traffic-http"));
    private final HttpClient http;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("traffic"));
    private final List<PlacedOrder> orders = new ArrayList<>();
    private final Map<String, PlacedOrder> byId = new ConcurrentHashMap<>();
    private final DeliveryLogWatcher deliveries;
    private final LatencyHistogram create = new LatencyHistogram("create link (intended → link)");
    private final LatencyHistogram settle = new LatencyHistogram("payment step (intended → sandbox answered)");
    private final LatencyHistogram statusEvent =
            new LatencyHistogram("payment step (intended → status event on Kafka)");
    private final AtomicInteger faultTurn = new AtomicInteger();
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
    private StatusEventWatcher statusEvents;
    private Thread arrivals;
    private volatile boolean arriving;
    private Instant startedAt;
    private long startedNanos;
    private long stoppedNanos;

    public TrafficDriver(SystemEndpoints endpoints, Settings settings, PrintStream log) {
        this.endpoints = endpoints;
        this.settings = settings;
        this.log = log;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .executor(httpThreads)
                .build();
        this.deliveries = new DeliveryLogWatcher(endpoints.sandboxUrl(), log);
    }

    /** Starts placing orders now; they keep arriving until {@link #stopArrivals()}. */
    public synchronized void start() {
        if (arrivals != null) {
            throw new IllegalStateException("The driver was started already");
        }
        statusEvents = new StatusEventWatcher(endpoints.kafkaOrderSystem(), this::onStatusEvent);
        startedAt = Instant.now();
        startedNanos = System.nanoTime();
        if (settings.deliveryFaults()) {
            periodic.add(scheduler.scheduleAtFixedRate(
                    this::rotateDeliveryFaults, 0, settings.faultRotation().toMillis(), TimeUnit.MILLISECONDS));
        }
        periodic.add(scheduler.scheduleWithFixedDelay(deliveries::poll, 2, 2, TimeUnit.SECONDS));
        arriving = true;
        arrivals = new Thread(this::arrive, "traffic-arrivals");
        arrivals.setDaemon(true);
        arrivals.start();
        log.printf(
                "Traffic: %.1f orders/s, order ids %s-<n>, scenarios %s%n",
                settings.ordersPerSecond(), settings.orderPrefix(), settings.mix());
    }

    /** Orders placed so far. */
    public synchronized int placed() {
        return orders.size();
    }

    /** No new orders from now on; those placed go on to their last step. */
    public void stopArrivals() {
        arriving = false;
        Thread thread;
        synchronized (this) {
            thread = arrivals;
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stoppedNanos = System.nanoTime();
    }

    /**
     * Stops arrivals, waits until every order made its last step, switches the delivery faults off (releasing
     * held deliveries) and waits until the sandbox settled every delivery (its last retry comes ~21 s after the
     * first attempt), then answers what was done. Status events keep being read until {@link #close()}.
     */
    public TrafficRecord finish(Duration patience) {
        stopArrivals();
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline && snapshotOrders().stream().anyMatch(order -> !order.done())) {
            Pacing.sleep(Duration.ofMillis(500));
        }
        long unfinished =
                snapshotOrders().stream().filter(order -> !order.done()).count();
        if (unfinished > 0) {
            log.println("Traffic: " + unfinished + " orders had not made all their steps within " + patience);
        }
        periodic.forEach(task -> task.cancel(false));
        if (settings.deliveryFaults()) {
            SystemHttp.Response reset = SystemHttp.delete(endpoints.sandboxUrl() + "/sandbox/faults", Map.of());
            if (reset.status() != 200) {
                log.println(
                        "Traffic: the sandbox did not reset its faults: HTTP " + reset.status() + " " + reset.body());
            }
        }
        deliveries.awaitSettled(Duration.ofSeconds(60));
        return record();
    }

    /** What was done so far. */
    public TrafficRecord record() {
        long end = stoppedNanos != 0 ? stoppedNanos : System.nanoTime();
        return new TrafficRecord(
                startedAt,
                startedNanos,
                Duration.ofNanos(end - startedNanos),
                snapshotOrders(),
                deliveries.snapshot(),
                deliveries.lostTrack(),
                create,
                settle,
                statusEvent);
    }

    @Override
    public void close() {
        arriving = false;
        scheduler.shutdownNow();
        if (statusEvents != null) {
            statusEvents.close();
        }
        httpThreads.shutdownNow();
    }

    private synchronized List<PlacedOrder> snapshotOrders() {
        return List.copyOf(orders);
    }

    private void arrive() {
        Random random = new Random(settings.seed());
        List<Scenario> weighted = new ArrayList<>();
        settings.mix().forEach((scenario, weight) -> {
            for (int i = 0; i < weight; i++) {
                weighted.add(scenario);
            }
        });
        weighted.sort(null); // a map's iteration order must not change what a seed means
        double intervalNanos = 1e9 / settings.ordersPerSecond();
        long stepSpacing = settings.stepSpacing().toNanos();
        for (long i = 0; arriving; i++) {
            long due = startedNanos + (long) (i * intervalNanos);
            Pacing.parkUntil(due);
            if (!arriving) {
                return;
            }
            Scenario scenario = weighted.get(random.nextInt(weighted.size()));
            BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(49_500), 2); // 5.00 to 499.99
            PlacedOrder order = new PlacedOrder(settings.orderPrefix() + "-" + i, scenario, amount, due, stepSpacing);
            synchronized (this) {
                orders.add(order);
            }
            byId.put(order.orderId(), order);
            create(order);
        }
    }

    private void create(PlacedOrder order) {
        order.createAttempted();
        String body = "{\"orderId\":\"%s\",\"amount\":\"%s\"}"
                .formatted(order.orderId(), order.amount().toPlainString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoints.linkServiceUrl() + "/api/payment-links"))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Api-Key", endpoints.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                onCreateAnswer(order, response, failure);
            } catch (RuntimeException e) {
                order.createFailed("unexpected: " + e);
                order.gaveUp();
            }
        });
    }

    private void onCreateAnswer(PlacedOrder order, HttpResponse<String> response, Throwable failure) {
        long now = System.nanoTime();
        if (failure == null && (response.statusCode() == 201 || response.statusCode() == 200)) {
            create.record(now - order.intendedNanos());
            order.created(JSON.readTree(response.body()).get("token").asString());
            scheduleStep(order, 0);
            return;
        }
        String problem = failure != null
                ? failure.getClass().getSimpleName() + " " + Objects.toString(failure.getMessage(), "")
                : "HTTP " + response.statusCode() + " " + abbreviate(response.body());
        order.createFailed(problem);
        boolean retryable = failure != null || response.statusCode() >= 500 || response.statusCode() == 429;
        long retryIn = Math.min(5000, 250L << Math.min(order.createAttempts(), 5));
        if (!retryable
                || now + TimeUnit.MILLISECONDS.toNanos(retryIn) - order.intendedNanos()
                        > settings.createPatience().toNanos()) {
            log.println("Traffic: gave up creating order " + order.orderId() + " after " + order.createAttempts()
                    + " attempts: " + problem);
            order.gaveUp();
            return;
        }
        schedule(() -> create(order), retryIn * 1_000_000L);
    }

    private void scheduleStep(PlacedOrder order, int index) {
        if (index >= order.steps().size()) {
            order.finished();
            return;
        }
        PlacedOrder.Step step = order.steps().get(index);
        schedule(() -> makeStep(order, index), step.intendedNanos() - System.nanoTime());
    }

    private void makeStep(PlacedOrder order, int index) {
        PlacedOrder.Step step = order.steps().get(index);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(endpoints.sandboxUrl() + step.action().path(order.token())))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(step.action().body()))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            try {
                if (failure != null) {
                    step.failed(failure.getClass().getSimpleName() + " " + failure.getMessage(), now);
                } else if (response.statusCode() / 100 != 2) {
                    step.failed("HTTP " + response.statusCode() + " " + abbreviate(response.body()), now);
                } else {
                    List<String> ids = new ArrayList<>();
                    JSON.readTree(response.body())
                            .path("deliveries")
                            .forEach(delivery ->
                                    ids.add(delivery.get("deliveryId").asString()));
                    step.answered(response.statusCode(), ids, now);
                }
                settle.record(now - step.intendedNanos());
                if (step.problem() != null) {
                    log.println("Traffic: " + step.action() + " of order " + order.orderId() + " failed: "
                            + step.problem());
                }
            } catch (RuntimeException e) {
                step.failed("unexpected: " + e, now);
            } finally {
                scheduleStep(order, index + 1);
            }
        });
    }

    private void onStatusEvent(StatusEventWatcher.Arrival arrival) {
        PlacedOrder order = byId.get(arrival.event().orderId());
        if (order == null) {
            return;
        }
        order.statusEvent(arrival.event().eventId(), arrival.event().status(), arrival.arrivedNanos())
                .ifPresent(step -> statusEvent.record(arrival.arrivedNanos() - step.intendedNanos()));
    }

    private void rotateDeliveryFaults() {
        String faults = DELIVERY_FAULTS.get(faultTurn.getAndIncrement() % DELIVERY_FAULTS.size());
        try {
            SystemHttp.Response response = SystemHttp.post(
                    endpoints.sandboxUrl() + "/sandbox/faults", Map.of(), faults.getBytes(StandardCharsets.UTF_8));
            if (response.status() != 200) {
                log.println("Traffic: the sandbox refused delivery faults " + faults + ": " + response.body());
            }
        } catch (RuntimeException e) {
            log.println("Traffic: could not set delivery faults: " + e);
        }
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // the driver was closed
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
