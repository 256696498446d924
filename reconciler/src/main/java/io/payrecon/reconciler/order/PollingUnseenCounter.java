package io.payrecon.reconciler.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code reconciler.polling.unseen} (Prometheus {@code reconciler_polling_unseen_total}), tagged {@code reason}: polls
 * that showed something the reconciler cannot account for from the provider's documented answer, one per observation
 * and {@link UnseenByPolling} reason. Every reason is registered at start, so each series exists at 0. Counted when
 * the batch's transaction commits (a batch retried after a failure counts once), for observations applied for the
 * first time (a replayed one is known by its event id and not applied again), by the live {@link StatusSink} only:
 * never in a rebuild's scratch schema.
 */
@Component
class PollingUnseenCounter {

    private final Map<UnseenByPolling, Counter> counters = new EnumMap<>(UnseenByPolling.class);

    PollingUnseenCounter(MeterRegistry registry) {
        for (UnseenByPolling reason : UnseenByPolling.values()) {
            counters.put(
                    reason,
                    Counter.builder("reconciler.polling.unseen")
                            .description("Polls that showed what the reconciler cannot account for from the "
                                    + "provider's documented answer, by reason")
                            .tag("reason", reason.tag())
                            .register(registry));
        }
    }

    /** One observation applied now showed these. */
    void seen(Collection<UnseenByPolling> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        List<UnseenByPolling> counted = List.copyOf(reasons);
        Runnable count = () -> counted.forEach(reason -> counters.get(reason).increment());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }
}
