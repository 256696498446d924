package io.payrecon.outbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;

/**
 * The {@code outbox} health, for the operator reading {@code /actuator/health}: how many records wait for the broker
 * ({@code backlog}, up to {@value OutboxRecords#COUNT_CAP}) and how long the oldest has waited
 * ({@code oldestWaitingSeconds}). Always UP when it can count: records waiting are the outbox doing its job while the
 * broker is away, which the {@code broker} component reports, so it belongs in no readiness group. Alerts use the
 * {@code outbox.backlog} and {@code outbox.lag} metrics.
 */
final class OutboxHealthIndicator implements HealthIndicator {

    private final OutboxRecords records;

    OutboxHealthIndicator(OutboxRecords records) {
        this.records = records;
    }

    @Override
    public Health health() {
        OutboxRecords.Backlog backlog;
        try {
            backlog = records.backlog();
        } catch (DataAccessException e) {
            // The database's own component (db) is DOWN then, and says why.
            return Health.unknown()
                    .withDetail("error", "cannot count the records waiting: " + e.getMostSpecificCause())
                    .build();
        }
        Health.Builder up = Health.up().withDetail("backlog", backlog.records());
        backlog.oldestWaiting().ifPresent(waiting -> up.withDetail("oldestWaitingSeconds", waiting.toSeconds()));
        return up.build();
    }
}
