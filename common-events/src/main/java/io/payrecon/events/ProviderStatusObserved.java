package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@code GET /v2/request/{requestId}} at one moment: the polling fallback for missed webhooks.
 *
 * @param payments each payment the provider knows for the request, so each one counts once however it is reported
 */
public record ProviderStatusObserved(
        UUID eventId,
        Instant occurredAt,
        String requestId,
        boolean hasBeenPaid,
        String status,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal requestAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paidAmount,
        List<ObservedPayment> payments)
        implements ProviderEvent {

    public ProviderStatusObserved {
        payments = List.copyOf(payments);
    }

    @Override
    public String key() {
        return requestId;
    }

    /** One payment as the provider reports it. */
    public record ObservedPayment(
            String txHash,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
            String currency,
            Instant timestamp) {}
}
