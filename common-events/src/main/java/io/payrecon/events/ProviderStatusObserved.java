package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@code GET /v2/request/{requestId}} at one moment: the polling fallback for missed webhooks. What the
 * provider's OpenAPI documents is {@code hasBeenPaid}, the paying {@code txHash} and, for partial or multiple
 * payments, a {@code conversionBreakdown} (what was received, what remains, each payment's amount and time); the rest
 * is optional. Fields added after the first version ({@code remainingAmount}, {@code breakdownPayments}) are absent
 * from events written before them and read as null and empty.
 *
 * @param status the provider's word for the request's state ({@code paid}, {@code refunded}, …): its values are not
 *     documented, so it may be null or anything
 * @param requestAmount the request's amount, when the provider told it (not in the OpenAPI: null in observations of
 *     the documented answer)
 * @param paidAmount what the request has received, when the provider told it ({@code conversionBreakdown.paidAmount};
 *     a top-level {@code paidAmount} in earlier events); null when it did not: unpaid, or paid in full by one payment,
 *     when {@code hasBeenPaid} is all there is
 * @param payments each payment the provider listed in {@code payments[]} with a transaction hash or an amount, and the
 *     answer's own {@code txHash} when no item has it, so each one counts once however it is reported
 * @param remainingAmount what the request still waits for ({@code conversionBreakdown.remainingAmount}), or null
 * @param breakdownPayments the amount and time of each payment of {@code conversionBreakdown.payments} (no transaction
 *     hash there); empty without a breakdown
 */
public record ProviderStatusObserved(
        UUID eventId,
        Instant occurredAt,
        String requestId,
        boolean hasBeenPaid,
        String status,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal requestAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paidAmount,
        List<ObservedPayment> payments,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal remainingAmount,
        List<ObservedPayment> breakdownPayments)
        implements ProviderEvent {

    public ProviderStatusObserved {
        payments = List.copyOf(payments);
        breakdownPayments = breakdownPayments == null ? List.of() : List.copyOf(breakdownPayments);
    }

    @Override
    public String key() {
        return requestId;
    }

    /** One payment as the provider reports it; any field may be null. */
    public record ObservedPayment(
            String txHash,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
            String currency,
            Instant timestamp) {}
}
