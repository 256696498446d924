package io.payrecon.reconciler.admin.parked;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.inbox.ParkedQueries;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * {@code reconciler.parked.stale}: how many webhooks, still waited for, have been parked for longer than
 * {@code reconciler.parked-alert-age}, to alert on. Those marked foreign (no link of ours within
 * {@code reconciler.parked.foreign-after}) are not: {@code reconciler.parked.foreign} counts them. Read from the
 * database when scraped.
 */
@Component
class StaleParkingGauge implements MeterBinder {

    private final ParkedQueries parkedQueries;
    private final Clock clock;
    private final Duration alertAge;

    StaleParkingGauge(ParkedQueries parkedQueries, Clock clock, ReconcilerProperties properties) {
        this.parkedQueries = parkedQueries;
        this.clock = clock;
        this.alertAge = properties.parkedAlertAge();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("reconciler.parked.stale", this, gauge -> gauge.count())
                .description(
                        "Webhooks parked for longer than reconciler.parked-alert-age, still waited for: their link "
                                + "has not arrived")
                .register(registry);
    }

    private double count() {
        try {
            return parkedQueries.countParkedBefore(clock.instant().minus(alertAge), ParkedQueries.ParkedState.WAITING);
        } catch (RuntimeException e) {
            return Double.NaN; // the database is unreachable: no value rather than a wrong one
        }
    }
}
