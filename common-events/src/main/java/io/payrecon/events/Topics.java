package io.payrecon.events;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The topic catalogue of architecture §2. */
public final class Topics {

    /** {@code payment-link.created|renewed|expired}, keyed by order id, produced by link-service. */
    public static final String LINK_EVENTS = "payments.link-events.v1";

    /** {@code webhook.received}, keyed by request id (delivery id when none), produced by webhook-gateway. */
    public static final String WEBHOOKS = "payments.webhooks.v1";

    /** {@code provider.status-observed}, keyed by request id, produced by the reconciler's poller. */
    public static final String PROVIDER_OBSERVATIONS = "payments.provider-observations.v1";

    /** {@code order.payment-status-changed}, keyed by order id, produced by the reconciler. */
    public static final String ORDER_PAYMENT_STATUS = "orders.payment-status.v1";

    /**
     * {@code order.payment-status-changed}, each order's latest (compacted, kept for good), keyed by order id: the
     * reconciler's outbox relay copies every record of {@link #ORDER_PAYMENT_STATUS} here, in the same batch and first.
     * Order systems read it once to bootstrap (docs/consumers.md).
     */
    public static final String ORDER_PAYMENT_STATUS_LATEST = "orders.payment-status-latest.v1";

    /** The topics that carry events, in the order of the catalogue. */
    public static final List<String> EVENT_TOPICS =
            List.of(LINK_EVENTS, WEBHOOKS, PROVIDER_OBSERVATIONS, ORDER_PAYMENT_STATUS, ORDER_PAYMENT_STATUS_LATEST);

    /**
     * The event topics that have a dead-letter topic: those read by a consumer of ours whose error handler gives up on
     * a record. Not the compacted copy, which only order systems read, once, with their own code.
     */
    public static final List<String> DEAD_LETTERED =
            List.of(LINK_EVENTS, WEBHOOKS, PROVIDER_OBSERVATIONS, ORDER_PAYMENT_STATUS);

    /** Every topic the system creates: each event topic, followed by its dead-letter topic where it has one. */
    public static final List<String> ALL = EVENT_TOPICS.stream()
            .flatMap(topic -> DEAD_LETTERED.contains(topic) ? Stream.of(topic, deadLetter(topic)) : Stream.of(topic))
            .toList();

    /**
     * The topic configs that are part of what a topic is, whoever creates it (devstack, the compose {@code topics}
     * service, an operator): compaction for the latest-status topic. Retention is the deployment's choice and not
     * here.
     */
    private static final Map<String, Map<String, String>> CONFIGS =
            Map.of(ORDER_PAYMENT_STATUS_LATEST, Map.of("cleanup.policy", "compact", "retention.ms", "-1"));

    private Topics() {}

    /** The dead-letter topic of a source topic: {@code <topic>.dlt}. */
    public static String deadLetter(String topic) {
        return topic + ".dlt";
    }

    /**
     * The configs a topic of the catalogue must be created with (and an existing one altered to), by config name;
     * empty for a topic that needs none beyond the broker's defaults.
     */
    public static Map<String, String> configs(String topic) {
        return CONFIGS.getOrDefault(topic, Map.of());
    }
}
