package io.payrecon.reconciler.admin.replay;

import io.payrecon.events.EventCodec;
import io.payrecon.events.ProviderEvent;
import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.jobs.Job;
import io.payrecon.reconciler.admin.jobs.JobHandler;
import io.payrecon.reconciler.admin.jobs.RunningJob;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.intake.MergedLog;
import io.payrecon.reconciler.intake.ReaderSettings;
import io.payrecon.reconciler.order.OrderChange;
import io.payrecon.reconciler.order.OrderQueries;
import io.payrecon.reconciler.order.OrderReconciliation;
import io.payrecon.reconciler.order.StatusSink;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Re-runs the archived webhooks ({@code payments.webhooks.v1}) and observations
 * ({@code payments.provider-observations.v1}) of a time range through the listeners' own path,
 * {@link OrderReconciliation}, as a job. The range is found with {@code offsetsForTimes} and streamed by a
 * {@link MergedLog} of its own, without a group (it commits nothing and moves no one's offsets), merged by record
 * time, so a run for real keeps its memory bounded whatever the range: a page of {@code reconciler.jobs.page-size}
 * records, and the log's read-ahead. Records are applied in pages, one transaction each; after each page the job writes its progress
 * (records read of the offsets in the range) and its checkpoint (the next offset of every partition, and the counts so
 * far). Facts applied before are recognised by delivery id or event id and change nothing, which is what makes a
 * resume safe: it continues at the checkpoint, and a page applied again (the instance died between its commit and its
 * checkpoint) changes nothing the second time.
 *
 * <p>A dry run applies everything in one transaction that is rolled back, and reports the status changes it would
 * have made. That transaction holds row locks on every order it touched until it ends (delaying the live listeners'
 * changes of those orders), and its memory grows with the range (the transaction's synchronizations, the locks), so a
 * dry run of every order fails at once when its range holds more than {@code reconciler.jobs.dry-run-max-records}
 * offsets (50,000): narrow the range or give an order (then it applies, and locks, that order's records only), do a
 * rebuild dry run, or run the replay for real. A dry run
 * writes no checkpoint (nothing of it stays): resumed, it starts over.
 *
 * <p>Poison records are reported, not dead-lettered (they are there already).
 */
@Component
class Replays implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);

    /** At most this many changes and rejected records are listed in the result; all are counted. */
    static final int LISTED = 1000;

    private static final List<String> TOPICS = List.of(Topics.WEBHOOKS, Topics.PROVIDER_OBSERVATIONS);

    private final OrderReconciliation reconciliation;
    private final OrderQueries orders;
    private final TransactionTemplate transactions;
    private final Map<String, Object> consumerConfig;
    private final JsonMapper json;
    private final int pageSize;
    private final long dryRunMaxRecords;

    Replays(
            OrderReconciliation reconciliation,
            OrderQueries orders,
            TransactionTemplate transactions,
            ConsumerFactory<?, ?> consumers,
            JsonMapper json,
            ReconcilerProperties properties) {
        this.reconciliation = reconciliation;
        this.orders = orders;
        this.transactions = transactions;
        this.pageSize = properties.jobs().pageSize();
        this.dryRunMaxRecords = properties.jobs().dryRunMaxRecords();
        this.consumerConfig = ReaderSettings.of(consumers, "reconciler-replay", Math.min(MergedLog.BUFFERED, pageSize));
        this.json = json;
    }

    /** A status change the replay made, or would make. */
    record Change(
            String orderId,
            long sequence,
            String from,
            String to,
            String paidAmount,
            String causeKind,
            String causeEventId,
            String deliveryId) {

        static Change of(OrderChange change) {
            return new Change(
                    change.orderId(),
                    change.sequence(),
                    change.previousStatus() == null
                            ? null
                            : change.previousStatus().name(),
                    change.status().name(),
                    change.paidAmount().toPlainString(),
                    change.cause().kind(),
                    change.cause().eventId() == null
                            ? null
                            : change.cause().eventId().toString(),
                    change.cause().deliveryId());
        }
    }

    /**
     * A replay's report, the job's result.
     *
     * @param read records read in the range (of the order, when one was given), over every run of the job
     * @param changeCount status changes made (or that would be made); {@code changes} lists the first {@link #LISTED}
     *     of this run, in the order they were made
     * @param rejectedCount records that cannot be applied; {@code rejected} lists the first {@link #LISTED} of this
     *     run, with why
     */
    @Schema(name = "ReplayResult")
    record Result(
            boolean dryRun,
            Instant from,
            Instant to,
            String orderId,
            long read,
            long webhooks,
            long observations,
            long changeCount,
            List<Change> changes,
            long rejectedCount,
            List<String> rejected) {}

    /** What a replay asks for. */
    record Parameters(Instant from, Instant to, String orderId) {}

    @Override
    public Job.Kind kind() {
        return Job.Kind.REPLAY;
    }

    @Override
    public Map<String, Object> check(boolean dryRun, JsonNode given) {
        Parameters parameters = parameters(given);
        if (parameters.from() == null || parameters.to() == null) {
            throw Problems.badRequest("A replay needs from and to, ISO-8601 instants such as "
                    + "{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-01-02T00:00:00Z\"}");
        }
        if (!parameters.from().isBefore(parameters.to())) {
            throw Problems.badRequest("from (" + parameters.from() + ") must be before to (" + parameters.to() + ")");
        }
        if (parameters.orderId() != null) {
            requestIdsOf(parameters.orderId());
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        checked.put("from", parameters.from().toString());
        checked.put("to", parameters.to().toString());
        checked.put("orderId", parameters.orderId());
        return checked;
    }

    @Override
    public List<String> notes(boolean dryRun) {
        return dryRun
                ? List.of(
                        "A dry run is one transaction, rolled back at its end: it holds row locks on the orders it "
                                + "touches until then, so a dry run of a large range is better done as a rebuild dry "
                                + "run; one of every order over more than " + dryRunMaxRecords
                                + " records (reconciler.jobs."
                                + "dry-run-max-records) fails at once",
                        "Cancelled or interrupted, a dry run changed nothing; resumed, it starts over")
                : List.of(
                        "Applied page by page, each page one transaction: cancelled or interrupted, it keeps what it "
                                + "applied",
                        "Resume continues at the checkpoint (the next offset of every partition): facts applied "
                                + "before change nothing, so a page applied twice is harmless. Restart reads the "
                                + "whole range again, just as harmlessly");
    }

    @Override
    public String summary(JsonNode result) {
        return result.get("read") + " records read, " + result.get("changeCount") + " status changes"
                + (result.get("dryRun").booleanValue() ? " (dry run, rolled back)" : "") + ", "
                + result.get("rejectedCount") + " rejected";
    }

    @Override
    public JsonNode run(RunningJob job) {
        Parameters parameters = parameters(job.parameters());
        Set<String> requestIds = parameters.orderId() == null ? null : requestIdsOf(parameters.orderId());
        Tally tally = new Tally(job.dryRun() ? null : job.checkpoint());
        try (MergedLog merged = new MergedLog(consumerConfig, TOPICS)) {
            Map<TopicPartition, Long> starts = merged.offsetsAt(parameters.from());
            if (tally.stops.isEmpty()) {
                tally.stops.putAll(merged.offsetsAt(parameters.to()));
            }
            Map<TopicPartition, Long> stops = tally.stops;
            long total = 0;
            for (TopicPartition partition : merged.partitions()) {
                total += Math.max(0, stops.get(partition) - starts.get(partition));
            }
            if (job.dryRun() && parameters.orderId() == null && total > dryRunMaxRecords) {
                throw new IllegalArgumentException(tooLargeForADryRun(total, dryRunMaxRecords));
            }
            Map<TopicPartition, Long> from = new HashMap<>(starts);
            from.putAll(tally.next);
            tally.next.putAll(from);
            Pages pages = new Pages(job, total, requestIds, tally);
            if (job.dryRun()) {
                transactions.executeWithoutResult(tx -> {
                    tx.setRollbackOnly();
                    merged.read(from, stops, pages::add);
                    pages.flush();
                });
            } else {
                merged.read(from, stops, pages::add);
                pages.flush();
            }
        }
        Result result = new Result(
                job.dryRun(),
                parameters.from(),
                parameters.to(),
                parameters.orderId(),
                tally.read,
                tally.webhooks,
                tally.observations,
                tally.changeCount,
                tally.changes,
                tally.rejectedCount,
                tally.rejected);
        log.info(
                "Replay job {} {}..{} (order {}, dry run {}): {} records, {} status changes, {} rejected",
                job.id(),
                parameters.from(),
                parameters.to(),
                parameters.orderId(),
                job.dryRun(),
                tally.read,
                tally.changeCount,
                tally.rejectedCount);
        return json.valueToTree(result);
    }

    static String tooLargeForADryRun(long total, long max) {
        return "The range holds " + total + " records, more than a replay dry run reads ("
                + "reconciler.jobs.dry-run-max-records, " + max + "): a dry run is one transaction, holding its locks "
                + "until its end. Narrow the range or give an order, do a rebuild dry run, or run the replay for "
                + "real (page by page)";
    }

    /**
     * The counts so far (from the checkpoint when resumed), the first changes and rejections, the next offsets, and
     * where the range ends: found once, when the replay first runs, and kept, so a resumed replay reads the same range
     * (its {@code to} may lie in the future when it starts, and records keep arriving).
     */
    private static final class Tally {

        final Map<TopicPartition, Long> next = new HashMap<>();
        final Map<TopicPartition, Long> stops = new HashMap<>();
        long read;
        long webhooks;
        long observations;
        long changeCount;
        long rejectedCount;
        final List<Change> changes = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();

        Tally(JsonNode checkpoint) {
            if (checkpoint == null) {
                return;
            }
            offsets(checkpoint.get("next"), next);
            offsets(checkpoint.path("stops"), stops);
            read = checkpoint.path("read").asLong(0);
            webhooks = checkpoint.path("webhooks").asLong(0);
            observations = checkpoint.path("observations").asLong(0);
            changeCount = checkpoint.path("changeCount").asLong(0);
            rejectedCount = checkpoint.path("rejectedCount").asLong(0);
        }

        ObjectNode checkpoint(JsonMapper json) {
            ObjectNode checkpoint = json.createObjectNode();
            put(checkpoint.putObject("next"), next);
            put(checkpoint.putObject("stops"), stops);
            checkpoint.put("read", read);
            checkpoint.put("webhooks", webhooks);
            checkpoint.put("observations", observations);
            checkpoint.put("changeCount", changeCount);
            checkpoint.put("rejectedCount", rejectedCount);
            return checkpoint;
        }
    }

    /** Offsets by topic then partition, as a checkpoint keeps them, read into {@code into}. */
    private static void offsets(JsonNode byTopic, Map<TopicPartition, Long> into) {
        byTopic.properties()
                .forEach(topic -> topic.getValue()
                        .properties()
                        .forEach(partition -> into.put(
                                new TopicPartition(topic.getKey(), Integer.parseInt(partition.getKey())),
                                partition.getValue().longValue())));
    }

    private static void put(ObjectNode byTopic, Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            ObjectNode topic = byTopic.has(partition.topic())
                    ? (ObjectNode) byTopic.get(partition.topic())
                    : byTopic.putObject(partition.topic());
            topic.put(Integer.toString(partition.partition()), offset);
        });
    }

    /** The records of the range as they stream by: the order's ones gathered into pages, applied, checkpointed. */
    private final class Pages {

        private final RunningJob job;
        private final long total;
        private final Set<String> requestIds;
        private final Tally tally;
        private final StatusSink.Collecting collected = new StatusSink.Collecting(reconciliation.live(), LISTED);
        private final List<InboundRecord> page = new ArrayList<>();
        private int readSinceFlush;
        private long counted;

        Pages(RunningJob job, long total, Set<String> requestIds, Tally tally) {
            this.job = job;
            this.total = total;
            this.requestIds = requestIds;
            this.tally = tally;
        }

        void add(ConsumerRecord<String, byte[]> record) {
            tally.read++;
            readSinceFlush++;
            tally.next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            if (requestIds == null || concerns(record, requestIds)) {
                if (record.topic().equals(Topics.WEBHOOKS)) {
                    tally.webhooks++;
                } else {
                    tally.observations++;
                }
                page.add(new InboundRecord(
                        record.topic(), record.partition(), record.offset(), record.key(), record.value()));
            }
            if (readSinceFlush >= pageSize) {
                flush();
            }
        }

        /** Applies the page (in a transaction of its own unless a dry run's), then writes progress and checkpoint. */
        void flush() {
            if (!page.isEmpty()) {
                List<InboundRecord> records = List.copyOf(page);
                page.clear();
                if (job.dryRun()) {
                    apply(records);
                } else {
                    transactions.executeWithoutResult(tx -> apply(records));
                }
            }
            readSinceFlush = 0;
            count();
            job.progress(tally.read, total, job.dryRun() ? null : tally.checkpoint(json));
            job.pause();
        }

        /** Applies records in their order, each run of one topic as one batch of the listeners' path. */
        private void apply(List<InboundRecord> records) {
            int start = 0;
            while (start < records.size()) {
                String topic = records.get(start).topic();
                int end = start;
                while (end < records.size() && records.get(end).topic().equals(topic)) {
                    end++;
                }
                List<InboundRecord> run = records.subList(start, end);
                for (Rejection rejection : reconciliation.apply(topic, run, collected)) {
                    tally.rejectedCount++;
                    if (tally.rejected.size() < LISTED) {
                        tally.rejected.add(run.get(rejection.index()) + ": " + rejection.reason());
                    }
                }
                start = end;
            }
        }

        /** Moves the changes the sink saw in this page into the tally. */
        void count() {
            tally.changeCount += collected.count() - counted;
            counted = collected.count();
            collected.changes().stream()
                    .skip(tally.changes.size())
                    .map(Change::of)
                    .forEach(tally.changes::add);
        }
    }

    private Parameters parameters(JsonNode given) {
        String orderId = JobHandler.text(given, "orderId");
        return new Parameters(JobHandler.instant(given, "from"), JobHandler.instant(given, "to"), orderId);
    }

    /** Whether a record is about one of these request ids: by key, else by the request id in its event. */
    private static boolean concerns(ConsumerRecord<String, byte[]> record, Set<String> requestIds) {
        if (record.key() != null && requestIds.contains(record.key())) {
            return true;
        }
        try {
            if (record.topic().equals(Topics.WEBHOOKS)) {
                return EventCodec.read(record.value(), WebhookEvent.class) instanceof WebhookReceived webhook
                        && requestIds.contains(webhook.requestId());
            }
            return EventCodec.read(record.value(), ProviderEvent.class) instanceof ProviderStatusObserved observed
                    && requestIds.contains(observed.requestId());
        } catch (RuntimeException e) {
            return false; // not readable: not this order's, as far as anyone can tell
        }
    }

    private Set<String> requestIdsOf(String orderId) {
        Set<String> requestIds = new HashSet<>(orders.requestIds(orderId));
        if (requestIds.isEmpty()) {
            throw Problems.unknownOrder("No order " + orderId + " with request ids in the reconciler");
        }
        return requestIds;
    }
}
