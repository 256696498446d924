package io.payrecon.events;

import java.util.List;

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
     * {@code order.payment-status-changed}, each order's latest (compacted), keyed by order id, produced by the
     * reconciler for order systems bootstrapping. Not created yet (not in {@link #EVENT_TOPICS}): a later issue adds it;
     * named here for the access table ({@link Principal}), which grants it already.
     */
    public static final String ORDER_PAYMENT_STATUS_LATEST = "orders.payment-status-latest.v1";

    /** The topics that carry events, in the order of the catalogue. */
    public static final List<String> EVENT_TOPICS =
            List.of(LINK_EVENTS, WEBHOOKS, PROVIDER_OBSERVATIONS, ORDER_PAYMENT_STATUS);

    /** Every topic the system uses: the event topics and the dead-letter topic of each. */
    public static final List<String> ALL = EVENT_TOPICS.stream()
            .flatMap(topic -> java.util.stream.Stream.of(topic, deadLetter(topic)))
            .toList();

    private Topics() {}

    /** The dead-letter topic of a source topic: {@code <topic>.dlt}. */
    public static String deadLetter(String topic) {
        return topic + ".dlt";
    }
}
