package io.payrecon.reconciler.order;

import io.payrecon.events.EventTypes;
import io.payrecon.events.OrderPaymentStatusChanged.Cause;
import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.reconciler.inbox.CountedPayments;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.Outcome;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.polling.Polls;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Applies {@code payments.provider-observations.v1} to orders, in the caller's transaction: what the poller saw when
 * it asked the provider. A snapshot counts money by the request's total, so an observation of money already reported
 * by webhooks changes nothing; its payments are recorded by transaction, so a webhook reporting one later is a
 * duplicate. What an observation shows that polling cannot account for is noted on its record, logged and counted.
 */
final class ObservationReconciliation {

    private static final Logger log = LoggerFactory.getLogger(ObservationReconciliation.class);

    private final Stores stores;
    private final Orders orders;
    private final Inbox inbox;
    private final CountedPayments counted;
    private final Polls polls;
    private final Clock clock;
    private final InboundRecords inbound;

    ObservationReconciliation(Stores stores, Clock clock, InboundRecords inbound) {
        this.stores = stores;
        this.orders = stores.orders();
        this.inbox = stores.inbox();
        this.counted = stores.counted();
        this.polls = stores.polls();
        this.clock = clock;
        this.inbound = inbound;
    }

    /** The same path over other connections (see {@link OrderReconciliation#over}). */
    ObservationReconciliation over(JdbcClient other) {
        return new ObservationReconciliation(stores.over(other), clock, inbound);
    }

    /** Applies a batch of observations, in their order; the changes' status events go to {@code sink}. */
    List<Rejection> apply(List<InboundRecord> records, StatusSink sink) {
        List<Rejection> rejected = new ArrayList<>();
        List<ProviderStatusObserved> observations = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            inbound.observation(records.get(i), i, rejected).ifPresent(observations::add);
        }
        Set<UUID> fresh = inbox.recordObservations(
                observations.stream().map(ProviderStatusObserved::eventId).toList(),
                observations.stream().map(ProviderStatusObserved::requestId).toList(),
                observations.stream().map(ProviderStatusObserved::occurredAt).toList());
        List<ProviderStatusObserved> toApply = observations.stream()
                .filter(observed -> fresh.remove(observed.eventId()))
                .toList();
        Map<String, String> owners = orders.orderIdsByRequestId(
                toApply.stream().map(ProviderStatusObserved::requestId).toList());
        OrderBatch batch = new OrderBatch(orders.lock(owners.values()), owners, clock.instant());
        counted.countObserved(toApply.stream()
                .filter(observed -> owners.containsKey(observed.requestId()))
                .flatMap(observed -> ProviderFacts.transactionsCounted(observed).stream()
                        .map(txHash -> new CountedPayments.PaymentToCount(
                                new CountedPayments.PaymentKey(
                                        observed.requestId(), CountedPayments.OBSERVED_KIND, txHash),
                                owners.get(observed.requestId()),
                                observed.eventId().toString())))
                .distinct()
                .toList());
        List<Inbox.Settled> outcomes = new ArrayList<>();
        for (ProviderStatusObserved observed : toApply) {
            String orderId = owners.get(observed.requestId());
            String id = observed.eventId().toString();
            if (orderId == null) {
                outcomes.add(new Inbox.Settled(
                        id,
                        Outcome.IGNORED,
                        null,
                        "request " + observed.requestId() + " belongs to no order: only requests of orders are "
                                + "polled, so this observation comes from elsewhere"));
                continue;
            }
            Cause cause = new Cause(observed.eventId(), EventTypes.PROVIDER_STATUS_OBSERVED, null);
            PaymentFact.ProviderObserved fact = ProviderFacts.of(observed);
            Set<UnseenByPolling> unseen = EnumSet.noneOf(UnseenByPolling.class);
            unseen.addAll(batch.order(orderId).unseenBy(fact));
            unseen.addAll(ProviderFacts.unseenIn(observed));
            // the money first (a refunded request still shows what it received), then the refund, if it shows one
            Transition transition = batch.apply(orderId, fact, cause);
            Optional<Transition> refund =
                    ProviderFacts.refundOf(observed).map(refunded -> batch.apply(orderId, refunded, cause));
            if (refund.isPresent() && refund.get() instanceof Transition.Changed) {
                transition = refund.get();
            }
            String note = unseen.isEmpty() ? null : unseenNote(observed, unseen);
            outcomes.add(
                    transition instanceof Transition.Unchanged unchanged
                            ? new Inbox.Settled(
                                    id,
                                    Outcome.UNCHANGED,
                                    orderId,
                                    note == null ? unchanged.reason() : unchanged.reason() + "; " + note)
                            : new Inbox.Settled(id, Outcome.APPLIED, orderId, note));
            if (!unseen.isEmpty()) {
                log.info(
                        "Order {}: observation {} of request {}: {}",
                        orderId,
                        observed.eventId(),
                        observed.requestId(),
                        note);
                sink.unseenByPolling(unseen);
            }
        }
        sink.changed(batch.flush(orders, polls), List.of());
        inbox.settleObservations(outcomes);
        return rejected;
    }

    /** What an observation showed that polling cannot account for, as its recorded reason says it. */
    private static String unseenNote(ProviderStatusObserved observed, Set<UnseenByPolling> unseen) {
        List<String> parts = new ArrayList<>();
        for (UnseenByPolling reason : unseen) {
            String part = reason.tag() + " (" + reason.description();
            if (reason == UnseenByPolling.UNKNOWN_STATUS) {
                String status = observed.status();
                part += ": " + (status.length() > 64 ? status.substring(0, 64) + "…" : status);
            }
            parts.add(part + ")");
        }
        return "polling cannot see: " + String.join("; ", parts) + " (reconciler README, What polling cannot see)";
    }
}
