package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An expired link was replaced by a new one. Payments to the previous link's request ids still count.
 *
 * @param amount what the new link asks for: the order's remaining amount when it was partly paid
 * @param expectedAmount what the order expects in total, unchanged by renewal
 */
public record PaymentLinkRenewed(
        UUID eventId,
        Instant occurredAt,
        String orderId,
        String token,
        String previousToken,
        List<String> requestIds,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal expectedAmount,
        String currency,
        String securePaymentUrl,
        Instant createdAt,
        Instant expiresAt)
        implements LinkEvent {

    public PaymentLinkRenewed {
        requestIds = List.copyOf(requestIds);
    }
}
