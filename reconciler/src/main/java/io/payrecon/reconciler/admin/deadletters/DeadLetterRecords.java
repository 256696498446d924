package io.payrecon.reconciler.admin.deadletters;

import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.inbox.DeadLetterStore;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.order.OrderReconciliation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Operators' handling of dead letters ({@code dead_letters}, the index of the records sent to {@code <topic>.dlt}).
 * A retry applies the original key and bytes through the reconciler's own path for their topic (still poison: refused,
 * the entry stays pending); a discard records why the record is given up. Each happens at most once per entry: the
 * row is locked, checked {@code PENDING}, the record applied and the row marked in one transaction, so a second retry
 * finds it done and applies nothing.
 */
@Component
class DeadLetterRecords {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

    private final DeadLetterStore store;
    private final OrderReconciliation reconciliation;
    private final TransactionTemplate transactions;

    DeadLetterRecords(DeadLetterStore store, OrderReconciliation reconciliation, TransactionTemplate transactions) {
        this.store = store;
        this.reconciliation = reconciliation;
        this.transactions = transactions;
    }

    /** A retried dead letter: where it came from, and that it was applied. */
    record Retried(long id, String topic, int partition, long offset, String outcome) {}

    /** The newest entries before the entry {@code before} (from the newest when null): paged by key. */
    List<DeadLetterStore.Summary> latest(String state, Long before, int limit) {
        return store.latest(state, before, limit);
    }

    Optional<DeadLetterStore.Detail> find(long id) {
        return store.find(id);
    }

    /**
     * Applies the record through the reconciler's own path for its source topic, once: the original key and bytes, as
     * the listener would have, in the transaction that marks the entry retried. Not by writing it back to the source
     * topic: the reconciler has no right to write the topics other apps own (a record on
     * {@code payments.link-events.v1} can only come from link-service), and a webhook is checked again like any other.
     *
     * @throws org.springframework.web.ErrorResponseException 404 for no such entry, 409 when it was retried or
     *     discarded before, 422 when the record still cannot be applied or has no value to apply (the entry stays
     *     pending, nothing changed)
     */
    Retried retry(long id, String operator) {
        return transactions.execute(tx -> {
            DeadLetterStore.Locked row = pending(id);
            if (row.value() == null) {
                throw Problems.problem(
                        ProblemType.STILL_NOT_APPLICABLE,
                        "Still cannot be applied",
                        "Dead letter " + id + " has no value to apply; discard it instead");
            }
            List<Rejection> rejected = reconciliation.apply(
                    row.topic(),
                    List.of(new InboundRecord(row.topic(), row.partition(), row.offset(), row.key(), row.value())));
            if (!rejected.isEmpty()) {
                throw Problems.problem(
                        ProblemType.STILL_NOT_APPLICABLE,
                        "Still cannot be applied",
                        "Dead letter " + id + " still cannot be applied: "
                                + rejected.get(0).reason()
                                + ". Fix its cause and retry, or discard it with a reason; nothing was changed");
            }
            store.settle(id, DeadLetterStore.RETRIED, operator, null);
            log.info(
                    "Dead letter {} ({}-{}@{}, key {}) retried by {}: applied",
                    id,
                    row.topic(),
                    row.partition(),
                    row.offset(),
                    row.key(),
                    operator);
            return new Retried(id, row.topic(), row.partition(), row.offset(), "applied");
        });
    }

    /** Gives the record up, with the reason; once. */
    DeadLetterStore.Summary discard(long id, String operator, String reason) {
        return transactions.execute(tx -> {
            DeadLetterStore.Locked row = pending(id);
            store.settle(id, DeadLetterStore.DISCARDED, operator, reason);
            log.info(
                    "Dead letter {} ({}-{}@{}) discarded by {}",
                    id,
                    row.topic(),
                    row.partition(),
                    row.offset(),
                    operator);
            return store.find(id).orElseThrow().summary();
        });
    }

    /**
     * What became of one dead letter of a bulk action.
     *
     * @param result {@code applied} (retried) or {@code discarded}; {@code not-applicable} (a retry that still cannot
     *     be applied: it stays pending, {@code detail} says why); {@code already-done} (retried or discarded before);
     *     {@code unknown} (no such dead letter); {@code failed} (anything else, {@code detail} says what)
     */
    @Schema(name = "DeadLetterBulkOutcome")
    record Outcome(long id, String result, String detail) {}

    /**
     * A bulk action's outcomes, one per dead letter asked for, in the order asked, and their counts.
     *
     * @param more for an action on a filter: whether more dead letters matched than this call took (call it again)
     */
    @Schema(name = "DeadLetterBulkResult")
    record Bulk(
            String action,
            int asked,
            int done,
            int notApplicable,
            int alreadyDone,
            int unknown,
            int failed,
            boolean more,
            List<Outcome> outcomes) {

        /** As the audit log records it. */
        String counts() {
            return asked + " asked: " + done + " " + ("retry".equals(action) ? "applied" : "discarded") + ", "
                    + notApplicable + " still not applicable, " + alreadyDone + " already done, " + unknown
                    + " unknown, " + failed + " failed" + (more ? "; more match the filter" : "");
        }
    }

    /**
     * The pending dead letters matching the filter that an action on "all matching" takes, newest first: at most
     * {@code cap}, and whether more match. A filter on another state than pending matches nothing to act on.
     */
    Selection pendingMatching(DeadLetterStore.Filter filter, int cap) {
        if (filter.state() != null && !DeadLetterStore.PENDING.equals(filter.state())) {
            return new Selection(List.of(), false);
        }
        DeadLetterStore.Filter pending =
                new DeadLetterStore.Filter(DeadLetterStore.PENDING, filter.topic(), filter.reasonContains());
        List<Long> found = store.matching(pending, null, cap + 1).stream()
                .map(DeadLetterStore.Summary::id)
                .toList();
        boolean more = found.size() > cap;
        return new Selection(more ? found.subList(0, cap) : found, more);
    }

    /** The dead letters an action takes, and whether more matched its filter than it takes. */
    record Selection(List<Long> ids, boolean more) {}

    List<DeadLetterStore.Summary> summaries(List<Long> ids) {
        return store.summaries(ids);
    }

    List<String> topics() {
        return store.topics();
    }

    List<DeadLetterStore.Summary> matching(DeadLetterStore.Filter filter, Long before, int limit) {
        return store.matching(filter, before, limit);
    }

    long count(DeadLetterStore.Filter filter) {
        return store.count(filter);
    }

    /** Retries each dead letter as {@link #retry} does, each in its own transaction; one failing stops none. */
    Bulk retryAll(List<Long> ids, String operator, boolean more) {
        return bulk("retry", ids, more, id -> {
            retry(id, operator);
            return "applied";
        });
    }

    /** Discards each dead letter as {@link #discard} does, with the same reason, each in its own transaction. */
    Bulk discardAll(List<Long> ids, String operator, String reason, boolean more) {
        return bulk("discard", ids, more, id -> {
            discard(id, operator, reason);
            return "discarded";
        });
    }

    private Bulk bulk(String action, List<Long> ids, boolean more, LongFunction<String> one) {
        List<Outcome> outcomes = new ArrayList<>();
        for (long id : new LinkedHashSet<>(ids)) {
            try {
                outcomes.add(new Outcome(id, one.apply(id), null));
            } catch (ErrorResponseException refused) {
                String detail = refused.getBody().getDetail();
                outcomes.add(new Outcome(
                        id,
                        switch (refused.getStatusCode().value()) {
                            case 404 -> "unknown";
                            case 409 -> "already-done";
                            case 422 -> "not-applicable";
                            default -> "failed";
                        },
                        detail));
            } catch (RuntimeException e) {
                log.warn("Dead letter {}: {} failed: {}", id, action, e.toString());
                outcomes.add(new Outcome(id, "failed", e.getMessage()));
            }
        }
        return new Bulk(
                action,
                outcomes.size(),
                count(outcomes, "applied") + count(outcomes, "discarded"),
                count(outcomes, "not-applicable"),
                count(outcomes, "already-done"),
                count(outcomes, "unknown"),
                count(outcomes, "failed"),
                more,
                List.copyOf(outcomes));
    }

    private static int count(List<Outcome> outcomes, String result) {
        return (int) outcomes.stream()
                .filter(outcome -> outcome.result().equals(result))
                .count();
    }

    /** The entry, locked, when it is still pending; else the problem to answer. */
    private DeadLetterStore.Locked pending(long id) {
        DeadLetterStore.Locked row = store.lock(id).orElseThrow(() -> Problems.unknownDeadLetter(id));
        if (!row.pending()) {
            throw Problems.conflict("Dead letter " + id + " was already "
                    + row.state().toLowerCase(Locale.ROOT) + " by " + row.settledBy() + "; nothing was done");
        }
        return row;
    }
}
