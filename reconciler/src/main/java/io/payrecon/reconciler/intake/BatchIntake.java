package io.payrecon.reconciler.intake;

import io.payrecon.platform.Infrastructure;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Runs one polled batch through the reconciliation (one transaction) and, when something in it failed, tells the
 * container's error handler which record, so {@link FailurePolicy} applies. The container commits the batch's
 * offsets only after this returned, that is after the transaction committed.
 *
 * <ul>
 *   <li>Everything applied: nothing to do.
 *   <li>Records rejected (poison): everything else was applied and committed; the first rejected record is reported
 *       as a {@link PoisonRecordException}. The error handler commits the offsets before it, dead-letters it, and
 *       the records after it are delivered again: those applied already are recognised as such and change nothing,
 *       the next rejected one is reported in turn.
 *   <li>The transaction failed and the database or the broker is in fact unavailable ({@link Infrastructure}): the
 *       whole batch is reported from its first record as an outage, to be retried with backoff until it is back.
 *   <li>The transaction failed for another reason: the batch is applied again one record per transaction, to find
 *       the record that fails; the ones before it stay applied, it is reported with its failure.
 * </ul>
 */
@Component
class BatchIntake {

    private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);

    private final HaltAfterBatchCommits chaos;
    private final Infrastructure infrastructure;

    BatchIntake(HaltAfterBatchCommits chaos, Infrastructure infrastructure) {
        this.chaos = chaos;
        this.infrastructure = infrastructure;
    }

    void apply(List<ConsumerRecord<String, byte[]>> records, Function<List<InboundRecord>, List<Rejection>> reconcile) {
        List<InboundRecord> inbound = records.stream().map(BatchIntake::inbound).toList();
        List<Rejection> rejected;
        try {
            rejected = reconcile.apply(inbound);
        } catch (RuntimeException e) {
            if (infrastructure.isOutage(e)) {
                throw outage(records.size(), inbound.get(0), e, 0);
            }
            log.warn(
                    "Batch of {} records from {} failed ({}): applying them one by one to find the record at fault",
                    records.size(),
                    inbound.get(0),
                    e.toString());
            rejected = oneByOne(inbound, reconcile);
        }
        chaos.batchCommitted();
        rejected.stream().min(Comparator.comparingInt(Rejection::index)).ifPresent(first -> {
            throw new RecordFailed(first.reason(), new PoisonRecordException(first.reason()), first.index());
        });
    }

    private List<Rejection> oneByOne(
            List<InboundRecord> inbound, Function<List<InboundRecord>, List<Rejection>> reconcile) {
        for (int i = 0; i < inbound.size(); i++) {
            List<Rejection> alone;
            try {
                alone = reconcile.apply(List.of(inbound.get(i)));
            } catch (RuntimeException e) {
                if (infrastructure.isOutage(e)) {
                    throw outage(inbound.size() - i, inbound.get(i), e, i);
                }
                log.warn(
                        "Record {} cannot be applied ({}): retried a few times, then dead-lettered",
                        inbound.get(i),
                        e.toString());
                throw new RecordFailed("Record " + inbound.get(i) + " cannot be applied: " + e.getMessage(), e, i);
            }
            if (!alone.isEmpty()) {
                return List.of(new Rejection(i, alone.get(0).reason()));
            }
        }
        return List.of();
    }

    /** The records from {@code first} on wait for the database or the broker: retried until it is back. */
    private static OutageHeld outage(int records, InboundRecord first, RuntimeException e, int index) {
        String message =
                "%d records from %s not applied: the database or the broker is unavailable (%s); retried until it is back"
                        .formatted(records, first, e.toString());
        log.warn(message);
        return new OutageHeld(message, new Infrastructure.Outage(message), index);
    }

    /*
     * Two kinds of failure the error handler must tell apart by class: it chooses a record's retry schedule (without
     * limit, or a few times) when it first sees the record fail, and anew only when the class of the failure changes.
     * With one class for both, a record that failed during an outage kept the outage's schedule for ever once the
     * database was back and the record failed for its own reason.
     */

    /** An outage holds the records from {@code index} on: retried until the infrastructure is back. */
    static final class OutageHeld extends BatchListenerFailedException {
        OutageHeld(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    /** The record at {@code index} failed for its own reason: poison, or a failure while the database answers. */
    static final class RecordFailed extends BatchListenerFailedException {
        RecordFailed(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    static InboundRecord inbound(ConsumerRecord<?, ?> record) {
        return new InboundRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key() == null ? null : record.key().toString(),
                record.value() instanceof byte[] value ? value : null);
    }
}
