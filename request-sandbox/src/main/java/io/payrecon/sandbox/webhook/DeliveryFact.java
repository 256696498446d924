package io.payrecon.sandbox.webhook;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.payrecon.sandbox.journal.Fact;
import java.time.Instant;
import java.util.List;

/**
 * What the journal keeps of webhook deliveries: each delivery as made (with the faults that touched it and its first
 * status), each attempt and its outcome, a held delivery's release, a delivery abandoned by a restart, and a clearing
 * of the log. Not the bodies: a delivery is not resumed after a restart.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DeliveryFact.DeliveryCreated.class, name = "delivery.created"),
    @JsonSubTypes.Type(value = DeliveryFact.DeliveryReleased.class, name = "delivery.released"),
    @JsonSubTypes.Type(value = DeliveryFact.DeliveryAttempted.class, name = "delivery.attempted"),
    @JsonSubTypes.Type(value = DeliveryFact.DeliveryAbandoned.class, name = "delivery.abandoned"),
    @JsonSubTypes.Type(value = DeliveryFact.DeliveriesCleared.class, name = "deliveries.cleared")
})
sealed interface DeliveryFact extends Fact {

    /** @param status {@code pending}, {@code held} (reorder fault) or {@code dropped} (drop fault) */
    record DeliveryCreated(
            String deliveryId,
            String event,
            String requestId,
            boolean test,
            Instant createdAt,
            String duplicateOf,
            List<String> faults,
            String status)
            implements DeliveryFact {}

    /** A delivery the reorder fault held is on its way. */
    record DeliveryReleased(String deliveryId) implements DeliveryFact {}

    /** @param status what the delivery is after this attempt: {@code delivered}, {@code retrying} or {@code failed} */
    record DeliveryAttempted(String deliveryId, int retryCount, Instant at, String outcome, long millis, String status)
            implements DeliveryFact {}

    record DeliveryAbandoned(String deliveryId, String reason) implements DeliveryFact {}

    record DeliveriesCleared(Instant at) implements DeliveryFact {}
}
