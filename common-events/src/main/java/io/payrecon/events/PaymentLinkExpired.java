package io.payrecon.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An unpaid link passed its expiry. Emitted once per link. */
public record PaymentLinkExpired(
        UUID eventId, Instant occurredAt, String orderId, String token, List<String> requestIds, Instant expiredAt)
        implements LinkEvent {

    public PaymentLinkExpired {
        requestIds = List.copyOf(requestIds);
    }
}
