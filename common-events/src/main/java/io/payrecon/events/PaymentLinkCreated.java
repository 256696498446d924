package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The first payment link of an order was created at the provider.
 *
 * @param amount the amount the order expects, which this link asks for
 * @param currency the invoice currency when known (absent when the provider resolves it from a destination)
 * @param expiresAt when we consider the link expired (the provider returns no expiry: created + configured period)
 */
public record PaymentLinkCreated(
        UUID eventId,
        Instant occurredAt,
        String orderId,
        String token,
        List<String> requestIds,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        String reference,
        String securePaymentUrl,
        Instant createdAt,
        Instant expiresAt)
        implements LinkEvent {

    public PaymentLinkCreated {
        requestIds = List.copyOf(requestIds);
    }
}
