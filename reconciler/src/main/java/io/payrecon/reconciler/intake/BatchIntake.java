package io.payrecon.reconciler.intake;

import io.payrecon.platform.Infrastructure;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Runs one polled batch through the reconciliation and, when something in it failed, tells the container's error
 * handler which record, so {@link FailurePolicy} applies. The container commits the batch's offsets only after this
 * returned, that is after every transaction of the batch committed.
 *
 * <p>A batch is one transaction, unless it has at least {@code reconciler.intake.parallel-from} records (a consumer
 * that is behind): then it is split by key into {@code reconciler.intake.lanes} slices, each its own transaction, run
 * at the same time. A key's records stay in one slice, in their order, so each key is still applied in log order;
 * slices touching one order wait for each other on its lock, as the batches of two consumers always did. So a
 * consumer that is caught up pays one transaction for what arrived since its last poll, and one that is behind keeps
 * as many database backends busy as there are lanes.
 *
 * <p>Each slice ends in one of these (reported, when several failed, for the first record of the batch that is not
 * applied: everything before it is applied in every slice, and what follows is delivered again, where records applied
 * already are recognised as such and change nothing):
 *
 * <ul>
 *   <li>Everything applied: nothing to report.
 *   <li>Records rejected (poison): everything else was applied and committed; the first rejected record is reported
 *       as a {@link PoisonRecordException}. The error handler commits the offsets before it, dead-letters it, and
 *       the next rejected one is reported in turn.
 *   <li>The transaction failed and the database or the broker is in fact unavailable ({@link Infrastructure}): the
 *       slice is reported from its first record as an outage, to be retried with backoff until it is back.
 *   <li>The transaction failed for another reason: the slice is applied again one record per transaction, to find
 *       the record that fails; the ones before it stay applied, it is reported with its failure.
 * </ul>
 */
@Component
class BatchIntake implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);

    private static final String OUTAGE =
            "%d records from %s not applied: the database or the broker is unavailable (%s); retried until it is back";

    private final HaltAfterBatchCommits chaos;
    private final Infrastructure infrastructure;
    private final int lanes;
    private final int parallelFrom;
    /** Runs a large batch's other slices while the listener's thread runs the first: threads only while splitting. */
    private final ExecutorService laneThreads = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("intake-lane-", 1).daemon().factory());

    @Autowired
    BatchIntake(HaltAfterBatchCommits chaos, Infrastructure infrastructure, ReconcilerProperties properties) {
        this(
                chaos,
                infrastructure,
                properties.intake().lanes(),
                properties.intake().parallelFrom());
    }

    BatchIntake(HaltAfterBatchCommits chaos, Infrastructure infrastructure, int lanes, int parallelFrom) {
        this.chaos = chaos;
        this.infrastructure = infrastructure;
        this.lanes = lanes;
        this.parallelFrom = parallelFrom;
    }

    void apply(List<ConsumerRecord<String, byte[]>> records, Function<List<InboundRecord>, List<Rejection>> reconcile) {
        if (records.isEmpty()) {
            return;
        }
        List<BatchListenerFailedException> failures = applyAll(slices(records), reconcile);
        if (failures.stream().noneMatch(OutageHeld.class::isInstance)) {
            chaos.batchCommitted();
        }
        failures.stream()
                .min(Comparator.comparingInt(BatchListenerFailedException::getIndex))
                .ifPresent(first -> {
                    throw first;
                });
    }

    private List<Slice> slices(List<ConsumerRecord<String, byte[]>> records) {
        int count = records.size() >= parallelFrom ? lanes : 1;
        List<Slice> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slices.add(new Slice());
        }
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, byte[]> record = records.get(index);
            int lane = count == 1 || record.key() == null
                    ? 0
                    : Math.floorMod(record.key().hashCode(), count);
            slices.get(lane).add(inbound(record), index);
        }
        return slices.stream().filter(slice -> !slice.records.isEmpty()).toList();
    }

    /** The first slice on this thread, any others on lane threads; returns once every slice is done. */
    private List<BatchListenerFailedException> applyAll(
            List<Slice> slices, Function<List<InboundRecord>, List<Rejection>> reconcile) {
        List<CompletableFuture<BatchListenerFailedException>> others = slices.subList(1, slices.size()).stream()
                .map(slice -> CompletableFuture.supplyAsync(() -> slice.apply(reconcile), laneThreads))
                .toList();
        List<BatchListenerFailedException> failures = new ArrayList<>();
        Throwable unexpected = null;
        try {
            failures.add(slices.get(0).apply(reconcile));
        } catch (RuntimeException | Error e) {
            unexpected = e;
        }
        for (CompletableFuture<BatchListenerFailedException> other : others) {
            try {
                failures.add(other.join());
            } catch (CompletionException e) {
                unexpected = unexpected != null ? unexpected : e.getCause();
            }
        }
        if (unexpected instanceof RuntimeException e) {
            throw e;
        }
        if (unexpected instanceof Error e) {
            throw e;
        }
        failures.removeIf(Objects::isNull);
        return failures;
    }

    @Override
    public void close() {
        laneThreads.shutdown();
    }

    /** Records of one batch applied in one transaction, each with its place in the batch. */
    private final class Slice {

        private final List<InboundRecord> records = new ArrayList<>();
        private final List<Integer> places = new ArrayList<>();

        void add(InboundRecord record, int place) {
            records.add(record);
            places.add(place);
        }

        /** @return the failure to report for this slice's first record not applied, or null if all were */
        BatchListenerFailedException apply(Function<List<InboundRecord>, List<Rejection>> reconcile) {
            List<Rejection> rejected;
            try {
                rejected = reconcile.apply(records);
            } catch (RuntimeException e) {
                if (infrastructure.isOutage(e)) {
                    return outage(0, e);
                }
                log.warn(
                        "Batch of {} records from {} failed ({}): applying them one by one to find the record at fault",
                        records.size(),
                        records.get(0),
                        e.toString());
                return oneByOne(reconcile);
            }
            return rejected.stream()
                    .min(Comparator.comparingInt(Rejection::index))
                    .map(this::poison)
                    .orElse(null);
        }

        private BatchListenerFailedException oneByOne(Function<List<InboundRecord>, List<Rejection>> reconcile) {
            for (int i = 0; i < records.size(); i++) {
                List<Rejection> alone;
                try {
                    alone = reconcile.apply(List.of(records.get(i)));
                } catch (RuntimeException e) {
                    if (infrastructure.isOutage(e)) {
                        return outage(i, e);
                    }
                    log.warn(
                            "Record {} cannot be applied ({}): retried a few times, then dead-lettered",
                            records.get(i),
                            e.toString());
                    return new RecordFailed(
                            "Record " + records.get(i) + " cannot be applied: " + e.getMessage(), e, places.get(i));
                }
                if (!alone.isEmpty()) {
                    return poison(new Rejection(i, alone.get(0).reason()));
                }
            }
            return null;
        }

        private RecordFailed poison(Rejection rejection) {
            return new RecordFailed(
                    rejection.reason(), new PoisonRecordException(rejection.reason()), places.get(rejection.index()));
        }

        /** The records from {@code first} on wait for the database or the broker: retried until it is back. */
        private OutageHeld outage(int first, RuntimeException e) {
            String message = OUTAGE.formatted(records.size() - first, records.get(first), e.toString());
            log.warn(message);
            return new OutageHeld(message, new Infrastructure.Outage(message), places.get(first));
        }
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
