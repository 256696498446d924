package io.payrecon.events;

import java.time.Instant;
import java.util.UUID;

/** What every event on the log carries: a unique id, when it happened, and the key it is partitioned by. */
public interface IntegrationEvent {

    UUID eventId();

    Instant occurredAt();

    /** The Kafka record key: the value all of one entity's events share, so they stay in order. */
    String key();

    /** The stable type name on the wire, such as {@code payment-link.created}. */
    default String type() {
        return EventTypes.nameOf(getClass());
    }
}
