package io.payrecon.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox, prefix {@code outbox}.
 *
 * @param source the {@code ce_source} of every published event, such as {@code /link-service}; defaults to
 *     {@code /<spring.application.name>}
 * @param enabled whether this instance runs a relay; appends are stored either way
 * @param pollInterval how long an idle relay waits before looking again (a local commit wakes it earlier)
 * @param batchSize how many records one relay transaction publishes at most
 * @param lanes how many relay lanes publish in parallel, each its own thread, producer and transaction, each the
 *     records of its share of the keys ({@link KeySlots}), so per key the order stays the commit order; 1 to 64
 * @param publishTimeout how long a batch may wait for the broker's acknowledgement before it is retried
 * @param maxBackoff the longest wait between retries while the broker or the database is unavailable
 * @param schema the schema of the outbox table; defaults to the first of {@code spring.flyway.schemas}, then
 *     {@code spring.datasource.hikari.schema}, then the connection's current schema
 * @param copies topics whose every record the relay also publishes, unchanged, to another topic: same key, value and
 *     headers, in the same batch, the copy first; the row is deleted only when the broker acknowledged both. None by
 *     default
 * @param chaos crash hooks for fault tests; all off by default
 */
@ConfigurationProperties("outbox")
public record OutboxProperties(
        String source,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("50ms") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1") int lanes,
        @DefaultValue("30s") Duration publishTimeout,
        @DefaultValue("5s") Duration maxBackoff,
        String schema,
        @DefaultValue List<Copy> copies,
        @DefaultValue Chaos chaos) {

    public OutboxProperties {
        require(positive(pollInterval), "outbox.poll-interval must be positive, was " + pollInterval);
        require(batchSize >= 1 && batchSize <= 10_000, "outbox.batch-size must be 1..10000, was " + batchSize);
        require(lanes >= 1 && lanes <= KeySlots.COUNT, "outbox.lanes must be 1..64, was " + lanes);
        require(positive(publishTimeout), "outbox.publish-timeout must be positive, was " + publishTimeout);
        require(positive(maxBackoff), "outbox.max-backoff must be positive, was " + maxBackoff);
        copies = copies == null ? List.of() : List.copyOf(copies);
        Set<String> sources = new HashSet<>();
        Set<Copy> distinct = new HashSet<>();
        copies.forEach(copy -> {
            sources.add(copy.from());
            require(distinct.add(copy), "outbox.copies lists " + copy.from() + " -> " + copy.to() + " twice");
        });
        copies.forEach(copy -> require(
                !sources.contains(copy.to()),
                "outbox.copies: " + copy.to() + " is a copy and a source; a copy is never copied again"));
        chaos = chaos == null ? new Chaos(0) : chaos;
    }

    /** This properties' copies for the relay: by source topic, the topics its records are copied to, in order. */
    Map<String, List<String>> copyTopics() {
        Map<String, List<String>> topics = new LinkedHashMap<>();
        copies.forEach(copy ->
                topics.computeIfAbsent(copy.from(), from -> new ArrayList<>()).add(copy.to()));
        topics.replaceAll((from, to) -> List.copyOf(to));
        return Map.copyOf(topics);
    }

    /**
     * One copy: every record appended for {@code from} is published to {@code to} as well, before it, with the same
     * key, value and headers (a compacted latest-state topic beside a topic of changes, say). The relay's principal
     * needs {@code WRITE} on {@code to}.
     *
     * @param from the topic appended to
     * @param to the topic that gets a copy of each of its records
     */
    public record Copy(String from, String to) {
        public Copy {
            require(from != null && !from.isBlank(), "outbox.copies[].from must name a topic");
            require(to != null && !to.isBlank(), "outbox.copies[].to must name a topic (copy of " + from + ")");
            require(!from.equals(to), "outbox.copies: " + from + " cannot be copied to itself");
        }
    }

    /**
     * Crash hooks for the crash suite (system-tests), which a kill -9 from outside hits only by luck.
     *
     * @param haltBeforePublish when N &gt; 0, the relay halts the JVM ({@code Runtime.halt(137)}) the N-th time it has
     *     read committed records and is about to send them to the broker (env
     *     {@code OUTBOX_CHAOS_HALT_BEFORE_PUBLISH}); 0, the default, is off. Never set it in production
     */
    public record Chaos(@DefaultValue("0") int haltBeforePublish) {
        public Chaos {
            require(
                    haltBeforePublish >= 0,
                    "outbox.chaos.halt-before-publish must be 0 (off) or more, was " + haltBeforePublish);
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
