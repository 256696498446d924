package io.payrecon.reconciler.console.overview;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.payrecon.events.Topics;
import io.payrecon.reconciler.console.ConsoleProperties;
import io.payrecon.reconciler.inbox.ParkedQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes a sample of what this reconciler instance already measures every {@code reconciler.console.sample-every}
 * (15 s) and keeps an hour of them in memory, for the overview's tiles and charts. Cheap: Micrometer meters read in
 * memory (Kafka's consumer metrics, the outbox's and {@code metrics.BacklogGauges}' gauges, the webhook-to-status
 * timer's histogram), one indexed query (the oldest waiting parked webhook) and, when configured, one scrape of the
 * gateway. Per instance: with several, each shows its own consumers and latency (the database's counts are the same).
 *
 * <p>On a daemon thread of its own, not Spring's shared scheduler: a slow gateway scrape or database must not delay
 * the poller, the backlog gauges or anything else scheduled there.
 */
@Component
class OverviewSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OverviewSampler.class);

    static final Duration KEPT = Duration.ofHours(1);

    /**
     * One sample: counters as they stood (cumulative), gauges as they were; NaN where unknown.
     *
     * @param consumed webhook records consumed by this instance so far ({@code payments.webhooks.v1})
     * @param latencyBuckets the webhook-to-status timer's cumulative bucket counts (bounds: {@link #latencyBounds})
     * @param oldestParkedSeconds how long the oldest webhook still waited for has been parked, or NaN for none
     */
    record Sample(
            Instant at,
            double consumed,
            double lagLinkEvents,
            double lagWebhooks,
            double lagObservations,
            double outboxBacklog,
            double parked,
            double oldestParkedSeconds,
            double deadLetters,
            double pollsDue,
            double[] latencyBuckets,
            double latencyCount,
            GatewayMetrics.Received gateway) {}

    private final MeterRegistry registry;
    private final ParkedQueries parkedQueries;
    private final Clock clock;
    private final Duration every;
    private final GatewayMetrics gateway;
    private final SampleRing<Sample> samples;
    private volatile double[] latencyBounds = new double[0];

    OverviewSampler(MeterRegistry registry, ParkedQueries parkedQueries, Clock clock, ConsoleProperties console) {
        this.registry = registry;
        this.parkedQueries = parkedQueries;
        this.clock = clock;
        this.every = console.sampleEvery();
        this.gateway = new GatewayMetrics(console.gatewayMetricsUrl());
        this.samples = new SampleRing<>((int) Math.max(2, KEPT.toMillis() / every.toMillis() + 1));
    }

    private ScheduledExecutorService thread;

    @Override
    public synchronized void start() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("console-overview").daemon().factory());
            thread.scheduleWithFixedDelay(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    Duration every() {
        return every;
    }

    boolean gatewayConfigured() {
        return gateway.configured();
    }

    List<Sample> samples() {
        return samples.all();
    }

    double[] latencyBounds() {
        return latencyBounds;
    }

    void sample() {
        try {
            samples.add(take());
        } catch (RuntimeException e) {
            log.warn("The console's overview could not take a sample: {}", e.toString());
        }
    }

    private Sample take() {
        Instant now = clock.instant();
        double oldest;
        try {
            oldest = parkedQueries
                    .oldestWaiting()
                    .map(at -> (double) Duration.between(at, now).toSeconds())
                    .orElse(Double.NaN);
        } catch (RuntimeException e) {
            oldest = Double.NaN; // the database is unreachable: no value rather than a wrong one
        }
        double[] buckets = null;
        double count = Double.NaN;
        Timer latency = registry.find("reconciler.webhook.to.status").timer();
        if (latency != null) {
            HistogramSnapshot snapshot = latency.takeSnapshot();
            CountAtBucket[] counts = snapshot.histogramCounts();
            double[] bounds = new double[counts.length];
            buckets = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                bounds[i] = counts[i].bucket(TimeUnit.SECONDS);
                buckets[i] = counts[i].count();
            }
            latencyBounds = bounds;
            count = snapshot.count();
        }
        return new Sample(
                now,
                sum("kafka.consumer.fetch.manager.records.consumed.total", Topics.WEBHOOKS),
                sum("kafka.consumer.fetch.manager.records.lag", Topics.LINK_EVENTS),
                sum("kafka.consumer.fetch.manager.records.lag", Topics.WEBHOOKS),
                sum("kafka.consumer.fetch.manager.records.lag", Topics.PROVIDER_OBSERVATIONS),
                gauge("outbox.backlog"),
                gauge("reconciler.parked"),
                oldest,
                gauge("reconciler.dead.letters.pending"),
                gauge("reconciler.polling.backlog"),
                buckets,
                count,
                gateway.read());
    }

    private double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    /**
     * The sum of a Kafka consumer metric over this instance's consumers and partitions of a topic. Kafka tags some
     * per-topic metrics with the topic's name with '.' replaced by '_': both are looked for.
     */
    private double sum(String name, String topic) {
        double exact = Double.NaN;
        double replaced = Double.NaN;
        for (Meter meter : registry.find(name).meters()) {
            String tagged = meter.getId().getTag("topic");
            double value = first(meter);
            if (tagged == null || Double.isNaN(value)) {
                continue;
            }
            if (tagged.equals(topic)) {
                exact = Double.isNaN(exact) ? value : exact + value;
            } else if (tagged.equals(topic.replace('.', '_'))) {
                replaced = Double.isNaN(replaced) ? value : replaced + value;
            }
        }
        return Double.isNaN(exact) ? replaced : exact;
    }

    private static double first(Meter meter) {
        for (Measurement measurement : meter.measure()) {
            return measurement.getValue();
        }
        return Double.NaN;
    }
}
