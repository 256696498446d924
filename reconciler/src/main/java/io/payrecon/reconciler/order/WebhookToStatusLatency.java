package io.payrecon.reconciler.order;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code reconciler.webhook.to.status} (Prometheus {@code reconciler_webhook_to_status_seconds}): from the moment
 * the gateway received a webhook ({@code webhook.received}'s {@code occurredAt}) to the moment the status event it
 * caused was appended to the outbox. Recorded only when the batch's transaction commits, so a batch retried after a
 * failure is counted once. A webhook parked until its link arrived counts its time parked.
 */
@Component
class WebhookToStatusLatency {

    private final Timer timer;
    private final Clock clock;

    WebhookToStatusLatency(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.timer = Timer.builder("reconciler.webhook.to.status")
                .description("From the gateway receiving a webhook to its order's status event being appended")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /** Status events were appended now, one for each webhook received at these times. */
    void statusesAppended(List<Instant> receivedAt) {
        if (receivedAt.isEmpty()) {
            return;
        }
        Instant appendedAt = clock.instant();
        Runnable record = () -> receivedAt.forEach(received -> timer.record(
                Duration.between(received, appendedAt).isNegative()
                        ? Duration.ZERO
                        : Duration.between(received, appendedAt)));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    record.run();
                }
            });
        } else {
            record.run();
        }
    }
}
