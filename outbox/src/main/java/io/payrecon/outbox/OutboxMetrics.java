package io.payrecon.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * {@code outbox.backlog} (rows waiting, up to {@value OutboxRecords#COUNT_CAP}), {@code outbox.lag} (append to
 * acknowledgement), publish counts.
 */
final class OutboxMetrics {

    private final Timer lag;
    private final Counter published;
    private final Counter failures;

    OutboxMetrics(MeterRegistry registry, OutboxRecords records) {
        Gauge.builder("outbox.backlog", records, OutboxMetrics::backlog)
                .description("Records appended to the outbox and not yet acknowledged by the broker (counted up to "
                        + OutboxRecords.COUNT_CAP + ")")
                .baseUnit("records")
                .register(registry);
        this.lag = Timer.builder("outbox.lag")
                .description("Time from an outbox append to the broker's acknowledgement of the record")
                .register(registry);
        this.published = Counter.builder("outbox.published")
                .description("Records published by this instance's relay")
                .register(registry);
        this.failures = Counter.builder("outbox.publish.failures")
                .description("Relay attempts that failed and were retried")
                .register(registry);
    }

    void published(List<Duration> lags) {
        lags.forEach(lag::record);
        published.increment(lags.size());
    }

    void failed() {
        failures.increment();
    }

    private static double backlog(OutboxRecords records) {
        try {
            return records.count();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
