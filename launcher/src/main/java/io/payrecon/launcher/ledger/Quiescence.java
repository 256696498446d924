package io.payrecon.launcher.ledger;

import io.payrecon.events.Topics;
import io.payrecon.launcher.SystemEndpoints;
import io.payrecon.launcher.traffic.Pacing;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system is quiet when, at one moment, every consumer group has committed everything on the topics it reads
 * and both outbox tables are empty: all that happened has been processed and published.
 */
public final class Quiescence {

    /** The consumer groups of the system and the topics each reads. */
    public static final Map<String, List<String>> CONSUMER_GROUPS = Map.of(
            "reconciler", List.of(Topics.LINK_EVENTS, Topics.WEBHOOKS, Topics.PROVIDER_OBSERVATIONS),
            "link-service", List.of(Topics.ORDER_PAYMENT_STATUS));

    /** The schemas whose {@code outbox_record} table must be empty. */
    public static final List<String> OUTBOX_SCHEMAS = List.of("link_service", "reconciler");

    /**
     * One look.
     *
     * @param unreadable what could not be read (counts as not quiet)
     */
    public record Snapshot(Map<String, Long> outboxBacklog, Map<String, Long> consumerLag, List<String> unreadable) {

        public boolean quiet() {
            return unreadable.isEmpty()
                    && outboxBacklog.values().stream().allMatch(rows -> rows == 0)
                    && consumerLag.values().stream().allMatch(lag -> lag == 0);
        }

        @Override
        public String toString() {
            return "outbox rows " + outboxBacklog + ", consumer lag " + consumerLag
                    + (unreadable.isEmpty() ? "" : ", unreadable " + unreadable);
        }
    }

    private final Database database;
    private final LogReader log;

    public Quiescence(SystemEndpoints endpoints) {
        this.database = new Database(endpoints);
        this.log = new LogReader(endpoints.kafkaAdmin());
    }

    public Snapshot look() {
        Map<String, Long> backlog = new LinkedHashMap<>();
        Map<String, Long> lag = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        for (String schema : OUTBOX_SCHEMAS) {
            try {
                backlog.put(schema, database.count(schema + ".outbox_record"));
            } catch (Exception e) {
                unreadable.add(schema + ".outbox_record: " + e.getMessage());
            }
        }
        CONSUMER_GROUPS.forEach((group, topics) -> {
            try {
                lag.put(group, log.lag(group, topics));
            } catch (RuntimeException e) {
                unreadable.add("offsets of " + group + ": " + e.getMessage());
            }
        });
        return new Snapshot(backlog, lag, unreadable);
    }

    /** Looks until the system is quiet, at most {@code patience}; answers the last look. */
    public Snapshot await(Duration patience, PrintStream out) {
        long started = System.nanoTime();
        long deadline = started + patience.toNanos();
        long nextReport = started + Duration.ofSeconds(15).toNanos();
        while (true) {
            Snapshot snapshot = look();
            if (snapshot.quiet() || System.nanoTime() > deadline) {
                return snapshot;
            }
            if (System.nanoTime() > nextReport) {
                out.println("Waiting for the system to quiesce: " + snapshot);
                nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            }
            Pacing.sleep(Duration.ofMillis(500));
        }
    }
}
