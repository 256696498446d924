package io.payrecon.reconciler.admin.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import io.payrecon.events.Topics;
import io.payrecon.platform.Infrastructure;
import io.payrecon.reconciler.inbox.DeadLetterStore;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.ParkedWebhooks;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.intake.MergedLog;
import io.payrecon.reconciler.intake.ReaderSettings;
import io.payrecon.reconciler.order.OrderReconciliation;
import io.payrecon.reconciler.order.StatusSink;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes every order from the beginning of the log and compares it with the live state; see the package.
 *
 * <ol>
 *   <li>A fresh scratch schema ({@code <live>_rebuild}) gets the reconciler's tables, and the decisions operators
 *       made that the log does not hold: the parked webhooks they discarded, copied as discarded, with their
 *       deliveries recorded {@code IGNORED} with the operator's reason ({@link ParkedWebhooks#copyDiscarded},
 *       {@link Inbox#copyDeliveries}, the tables' owners over the scratch connections). The replay then finds those
 *       deliveries processed and skips them, as the live path skips a redelivery, and a link that comes leaves them
 *       parked: a discarded webhook is applied by the rebuild no more than live. Dead letters an operator discarded
 *       need no copy: they were never applied, and the rebuild rejects their records again ({@code rejections}), unless
 *       a fix deployed since makes one applicable (its order then shows among the differences).
 *       A webhook discarded after this copy may have been applied by the replay: the rebuild then notes it and does
 *       not switch over (run it again).
 *   <li>The ends of {@code payments.link-events.v1}, {@code payments.webhooks.v1} and
 *       {@code payments.provider-observations.v1} are noted (the snapshot); everything from their first offset up to
 *       it is read by a consumer of its own, merged by record time, and applied through {@link OrderReconciliation}
 *       (the listeners' own code, {@link OrderReconciliation#over} connections of the rebuild's own whose search path
 *       is the scratch schema) in pages of consecutive records of one topic, a transaction each, so every table it
 *       touches is a scratch one: the reconciler's SQL names no schema. Its changes go to
 *       {@link StatusSink#UNPUBLISHED}: no status event is appended to the outbox, and no metric counts them. Nothing
 *       calls the provider: observations are the ones on the log.
 *   <li>A cut: the live listeners are paused once the group committed at least the snapshot, and the rebuild reads on
 *       to the offsets the group committed, so both sides have applied exactly the same records.
 *   <li>The orders are compared; a dry run stops here. A real run switches over only when the rebuild completed: the
 *       log still starts at offset 0 on every partition (retention deleted nothing) and every page was applied.
 *   <li>The listeners resume and the scratch schema is dropped, whatever happened.
 * </ol>
 *
 * <p>One rebuild at a time, also across instances (a lock on the scratch schema); the cut refuses to run while other
 * instances consume the group. Run as a job ({@link RebuildJobs}), it reports its {@link Progress} after every page,
 * and stops there when the job was cancelled: the scratch schema is dropped and the listeners resume as at any end,
 * and it never switches over.
 */
@Component
public class Rebuild {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

    static final int PAGE = 500;
    /** At most this many differing orders and rejected records are listed in a report; all are counted. */
    static final int LISTED = 1000;

    private static final List<String> TOPICS =
            List.of(Topics.LINK_EVENTS, Topics.WEBHOOKS, Topics.PROVIDER_OBSERVATIONS);

    private final OrderReconciliation reconciliation;
    private final Inbox inbox;
    private final ParkedWebhooks parked;
    private final DeadLetterStore deadLetters;
    private final ScratchSchema scratch;
    private final LiveListeners listeners;
    private final StateComparison comparison;
    private final SwitchOver switchOver;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<String, Object> consumerConfig;
    private final Infrastructure infrastructure;
    private final AtomicReference<String> running = new AtomicReference<>();

    Rebuild(
            OrderReconciliation reconciliation,
            Inbox inbox,
            ParkedWebhooks parked,
            DeadLetterStore deadLetters,
            ScratchSchema scratch,
            LiveListeners listeners,
            StateComparison comparison,
            SwitchOver switchOver,
            PlatformTransactionManager transactionManager,
            Clock clock,
            ConsumerFactory<?, ?> consumers,
            Infrastructure infrastructure) {
        this.reconciliation = reconciliation;
        this.inbox = inbox;
        this.parked = parked;
        this.deadLetters = deadLetters;
        this.scratch = scratch;
        this.listeners = listeners;
        this.comparison = comparison;
        this.switchOver = switchOver;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.consumerConfig = ReaderSettings.of(consumers, "reconciler-rebuild", PAGE);
        this.infrastructure = infrastructure;
    }

    /** Refused: a rebuild is running already. */
    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning(String message) {
            super(message);
        }
    }

    /**
     * What a rebuild found and did.
     *
     * @param complete whether the rebuild read the whole log from offset 0 and applied every page (records that
     *     cannot be applied are rejected as the live path dead-letters them, and do not make it incomplete)
     * @param switchedOver whether the switch-over ran (not in a dry run; only when complete and the live listeners
     *     could be paused at a cut, see {@code notes} otherwise)
     * @param notes why it did not switch over, or anything else an operator must know
     * @param records records read per topic
     * @param ordersLive orders in the live tables at the cut
     * @param ordersRebuilt orders the rebuild made
     * @param differing how many orders differ (before the switch-over); {@code differences} lists the first
     *     {@link #LISTED}, by order id
     * @param historyDiffering how many orders have a recorded history (transitions, amounts, causes; not times) other
     *     than the rebuilt one; {@code historyDifferences} lists the first {@link #LISTED} order ids. Informational:
     *     history is never rewritten, so an order corrected once keeps differing here
     * @param corrected how many live orders were set to their rebuilt state, each with one status event
     * @param rejected how many records cannot be applied; {@code rejections} lists the first {@link #LISTED}
     */
    @Schema(name = "RebuildReport")
    public record Report(
            UUID runId,
            boolean dryRun,
            boolean complete,
            boolean switchedOver,
            List<String> notes,
            Instant startedAt,
            long durationMillis,
            Map<String, Long> records,
            long ordersLive,
            long ordersRebuilt,
            long differing,
            List<OrderDifference> differences,
            long historyDiffering,
            List<String> historyDifferences,
            long corrected,
            long rejected,
            List<String> rejections) {}

    /**
     * Where a rebuild reports how far it got, after every page; it may stop the rebuild by throwing (a cancelled
     * job), which drops the scratch schema and resumes the live listeners like any end.
     */
    @FunctionalInterface
    public interface Progress {

        /**
         * @param read records read so far
         * @param total the records to read: from the log's beginnings to the snapshot, then to the cut
         */
        void read(long read, long total);

        Progress NONE = (read, total) -> {};
    }

    public boolean isRunning() {
        return running.get() != null;
    }

    /**
     * @throws AlreadyRunning when a rebuild runs already
     */
    public Report run(boolean dryRun, String operator) {
        return run(dryRun, operator, Progress.NONE);
    }

    /**
     * As {@link #run(boolean, String)}, reporting progress after every page.
     *
     * @throws AlreadyRunning when a rebuild runs already
     */
    public Report run(boolean dryRun, String operator, Progress progress) {
        Instant startedAt = clock.instant();
        String description = "started by " + operator + " at " + startedAt;
        if (!running.compareAndSet(null, description)) {
            throw new AlreadyRunning("A rebuild is running (" + running.get() + "): wait for it to finish");
        }
        try {
            return rebuild(dryRun, startedAt, progress);
        } catch (ScratchSchema.Busy e) {
            throw new AlreadyRunning(e.getMessage());
        } finally {
            running.set(null);
        }
    }

    private Report rebuild(boolean dryRun, Instant startedAt, Progress progress) {
        UUID runId = UUID.randomUUID();
        long started = System.nanoTime();
        String live = scratch.live();
        String rebuilt = ScratchSchema.of(live);
        List<String> notes = new ArrayList<>();
        log.info("Rebuild {} (dry run {}) into schema {} started", runId, dryRun, rebuilt);
        try (ScratchSchema.Lock lock = scratch.lock(rebuilt)) {
            try (MergedLog merged = new MergedLog(consumerConfig, TOPICS)) {
                scratch.recreate(rebuilt);
                try (HikariDataSource connections = scratch.open(rebuilt)) {
                    JdbcClient scratchJdbc = JdbcClient.create(connections);
                    TransactionTemplate scratchTransactions =
                            new TransactionTemplate(new JdbcTransactionManager(connections));
                    int discarded = scratchTransactions.execute(tx -> copyDiscards(scratchJdbc, live));
                    log.info("Rebuild {}: {} parked webhooks discarded by operators copied", runId, discarded);
                    Pages pages = new Pages(reconciliation.over(scratchJdbc), scratchTransactions, progress);
                    return rebuild(merged, runId, dryRun, startedAt, started, live, rebuilt, notes, pages);
                }
            } finally {
                scratch.drop(rebuilt);
            }
        }
    }

    /**
     * The parked webhooks operators discarded, and their deliveries, copied from the live schema into the scratch one
     * through their owners over the scratch connections; answers how many.
     */
    private int copyDiscards(JdbcClient scratchJdbc, String live) {
        List<String> deliveryIds = parked.over(scratchJdbc).copyDiscarded(live);
        inbox.over(scratchJdbc).copyDeliveries(live, deliveryIds);
        return deliveryIds.size();
    }

    private Report rebuild(
            MergedLog merged,
            UUID runId,
            boolean dryRun,
            Instant startedAt,
            long started,
            String live,
            String rebuilt,
            List<String> notes,
            Pages pages) {
        boolean complete = true;
        Map<TopicPartition, Long> beginnings = merged.beginnings();
        Map<TopicPartition, Long> truncated = new LinkedHashMap<>();
        beginnings.forEach((partition, offset) -> {
            if (offset > 0) {
                truncated.put(partition, offset);
            }
        });
        if (!truncated.isEmpty()) {
            complete = false;
            notes.add("The log no longer starts at offset 0 (retention deleted the oldest records) on " + truncated
                    + ": orders older than that cannot be rebuilt, so this rebuild never switches over");
        }
        Map<TopicPartition, Long> snapshot = merged.ends();
        pages.total = span(beginnings, snapshot);
        merged.read(beginnings, snapshot, pages::add);
        pages.flush();
        boolean cut = false;
        try {
            Map<TopicPartition, Long> committed = listeners.pauseAtOrAfter(snapshot);
            cut = true;
            pages.total += span(snapshot, committed);
            merged.read(snapshot, committed, pages::add);
            pages.flush();
            applyRetriedDeadLetters(pages, notes);
            return report(runId, dryRun, complete, true, startedAt, started, live, rebuilt, notes, pages);
        } catch (LiveListeners.CutRefused e) {
            notes.add("No cut, so no switch-over: " + e.getMessage() + ". Compared with the live state as it is "
                    + "now: orders changed since the rebuild's snapshot may show as differing");
            applyRetriedDeadLetters(pages, notes);
            return report(runId, dryRun, complete, false, startedAt, started, live, rebuilt, notes, pages);
        } finally {
            if (cut) {
                listeners.resume();
            }
        }
    }

    /**
     * The dead letters operators retried, applied again in the scratch schema after everything the log holds, in the
     * order they were retried, one per transaction as a retry is. Live applied each when an operator retried it, once
     * its cause was fixed (a missing link event appended since, say); the rebuild meets the record at its place on the
     * log, where it still cannot be applied (it is counted among the rejected), so without this every order an operator
     * mended by a retry would differ, and a real rebuild would take the mend back. Applied after the log rather than
     * at the moment of the retry: a retry follows its fix, which is on the log by then, so the order of the two is
     * kept; what live applied to the same order between the retry and the cut comes before it here, which for the
     * facts a retry carries (a renewal's request ids, a payment counted once by its reference) changes nothing.
     */
    private void applyRetriedDeadLetters(Pages pages, List<String> notes) {
        List<InboundRecord> retried = deadLetters.retried();
        if (retried.isEmpty()) {
            return;
        }
        long rejectedBefore = pages.rejected;
        for (InboundRecord record : retried) {
            pages.applyAlone(record);
        }
        long stillRejected = pages.rejected - rejectedBefore;
        notes.add(retried.size() + " dead letters operators retried were applied again after the log, as live applied"
                + " them"
                + (stillRejected == 0 ? "" : "; " + stillRejected + " of them still cannot be (see rejections)"));
    }

    /** How many offsets lie between two positions of the log, over every partition. */
    private static long span(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        long span = 0;
        for (Map.Entry<TopicPartition, Long> end : to.entrySet()) {
            span += Math.max(0, end.getValue() - from.getOrDefault(end.getKey(), 0L));
        }
        return span;
    }

    private Report report(
            UUID runId,
            boolean dryRun,
            boolean complete,
            boolean cut,
            Instant startedAt,
            long started,
            String live,
            String rebuilt,
            List<String> notes,
            Pages pages) {
        List<OrderDifference> differences = comparison.differences(live, rebuilt);
        List<String> histories = comparison.historyDifferences(live, rebuilt);
        long ordersLive = comparison.orders(live);
        long ordersRebuilt = comparison.orders(rebuilt);
        long corrected = 0;
        boolean switched = false;
        long discardedSince = comparison.discardedSinceCopied(live, rebuilt);
        if (discardedSince > 0) {
            notes.add(discardedSince + " parked webhooks were discarded by an operator after the rebuild copied the "
                    + "discards: it may have applied them, so it does not switch over. Run it again");
        }
        if (!dryRun && complete && cut && discardedSince == 0) {
            corrected = transactions
                    .execute(tx -> switchOver.apply(live, rebuilt, runId, clock.instant()))
                    .size();
            switched = true;
        } else if (!dryRun && !complete) {
            notes.add("Not switched over: the rebuild did not complete");
        }
        long withheld = differences.stream().filter(OrderDifference::withheld).count();
        if (withheld > 0) {
            notes.add(
                    withheld + " orders are withheld from correction (withheld: true): their rebuilt state would take "
                            + "a PAID or REFUNDED order back or lower an amount, which status events promise never happens. "
                            + "Look at each (ops orders show <id>) and at the fix that changed them");
        }
        if (differences.stream().anyMatch(difference -> !difference.onBothSides())) {
            notes.add("Orders on one side only are reported, never created or deleted by a rebuild: replay them, or "
                    + "look for their payment-link.created in the dead letters");
        }
        long durationMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        log.info(
                "Rebuild {} (dry run {}): {} records, {} orders rebuilt, {} live, {} differ, {} corrected, "
                        + "{} rejected, in {} ms",
                runId,
                dryRun,
                pages.records,
                ordersRebuilt,
                ordersLive,
                differences.size(),
                corrected,
                pages.rejected,
                durationMillis);
        return new Report(
                runId,
                dryRun,
                complete,
                switched,
                notes,
                startedAt,
                durationMillis,
                pages.records,
                ordersLive,
                ordersRebuilt,
                differences.size(),
                differences.subList(0, Math.min(LISTED, differences.size())),
                histories.size(),
                histories.subList(0, Math.min(LISTED, histories.size())),
                corrected,
                pages.rejected,
                pages.rejections);
    }

    /** Consecutive records of one topic, applied as one batch of the listeners' path in one scratch transaction. */
    private final class Pages {

        private final OrderReconciliation path;
        private final TransactionTemplate transactions;
        private final List<ConsumerRecord<String, byte[]>> page = new ArrayList<>();
        private final Map<String, Long> records = new LinkedHashMap<>();
        private final List<String> rejections = new ArrayList<>();
        private final Progress progress;
        private long rejected;
        private long read;
        private long total;

        /**
         * @param path the apply path over the scratch schema's connections
         * @param transactions transactions on those connections
         * @param progress told after every page
         */
        Pages(OrderReconciliation path, TransactionTemplate transactions, Progress progress) {
            this.path = path;
            this.transactions = transactions;
            this.progress = progress;
            TOPICS.forEach(topic -> records.put(topic, 0L));
        }

        void add(ConsumerRecord<String, byte[]> record) {
            if (!page.isEmpty() && (page.size() >= PAGE || !page.get(0).topic().equals(record.topic()))) {
                flush();
            }
            page.add(record);
            read++;
            records.merge(record.topic(), 1L, Long::sum);
        }

        void flush() {
            if (page.isEmpty()) {
                return;
            }
            List<InboundRecord> inbound = page.stream()
                    .map(record -> new InboundRecord(
                            record.topic(), record.partition(), record.offset(), record.key(), record.value()))
                    .toList();
            page.clear();
            List<Rejection> failed;
            try {
                failed = applyInScratch(inbound);
            } catch (RuntimeException e) {
                if (infrastructure.isOutage(e)) {
                    throw e;
                }
                failed = oneByOne(inbound);
            }
            for (Rejection rejection : failed) {
                rejected++;
                if (rejections.size() < LISTED) {
                    rejections.add(inbound.get(rejection.index()) + ": " + rejection.reason());
                }
            }
            progress.read(read, Math.max(read, total));
        }

        /** One record in a transaction of its own, as a dead letter's retry applies it. */
        void applyAlone(InboundRecord record) {
            flush();
            for (Rejection rejection : oneByOne(List.of(record))) {
                rejected++;
                if (rejections.size() < LISTED) {
                    rejections.add(record + " (retried dead letter): " + rejection.reason());
                }
            }
        }

        /** As the listeners do when a batch fails: one record per transaction, to find the ones at fault. */
        private List<Rejection> oneByOne(List<InboundRecord> inbound) {
            List<Rejection> failed = new ArrayList<>();
            for (int i = 0; i < inbound.size(); i++) {
                try {
                    for (Rejection rejection : applyInScratch(List.of(inbound.get(i)))) {
                        failed.add(new Rejection(i, rejection.reason()));
                    }
                } catch (RuntimeException e) {
                    if (infrastructure.isOutage(e)) {
                        throw e;
                    }
                    failed.add(new Rejection(i, "failed: " + e.getMessage()));
                }
            }
            return failed;
        }

        private List<Rejection> applyInScratch(List<InboundRecord> inbound) {
            return transactions.execute(tx -> path.apply(inbound.get(0).topic(), inbound, StatusSink.UNPUBLISHED));
        }
    }
}
