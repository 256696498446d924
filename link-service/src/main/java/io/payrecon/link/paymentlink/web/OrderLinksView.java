package io.payrecon.link.paymentlink.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.payrecon.link.paymentlink.LinkOrder;
import io.payrecon.link.paymentlink.PaymentLink;
import io.payrecon.link.paymentlink.renewal.PayerDestination;
import io.payrecon.link.paymentstatus.KnownPaymentStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/payment-links/{orderId}}: the order's current link (the same fields as the create answer, at the
 * top level), the order's terms, its earlier links, oldest first, and the last payment status link-service knows.
 *
 * @param amount what the current link asks for: the order's amount, or the rest of it after a partial payment
 * @param expectedAmount what the order must be paid in total
 * @param previousToken the link the current one replaced, or null
 */
@Schema(
        description = "An order's current link (the fields of the create answer), its terms, earlier links and payment"
                + " status")
record OrderLinksView(
        String orderId,
        String token,
        String securePaymentUrl,

        @Schema(description = "The URL to give payers (see the create answer)")
        URI payUrl,

        List<String> requestIds,

        @Schema(
                description = "What the current link asks for: the order's amount, or what was left after a partial "
                        + "payment")
        @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal amount,

        @Schema(allowableValues = {"ACTIVE", "EXPIRED", "SETTLED"})
        String status,

        Instant createdAt,
        Instant expiresAt,

        @Schema(description = "The link the current one replaced, or null")
        String previousToken,

        @Schema(description = "What the order must be paid in total") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal expectedAmount,

        String currency,
        PaymentStatusView paymentStatus,

        @Schema(
                description = "The links the order had before the current one, oldest first; payments to them still "
                        + "count")
        List<EarlierLink> earlierLinks) {

    /**
     * The last payment status known for the order.
     *
     * @param status {@code AWAITING_PAYMENT} until the first {@code order.payment-status-changed} arrives
     * @param expectedAmount what the reconciler expects in total, as that event said (null when none arrived or it
     *     did not say)
     * @param currency the currency of that event's amounts, when it named one
     * @param sequence that event's sequence; 0 when none arrived
     * @param eventId that event's id, to find it on {@code orders.payment-status.v1}; null when none arrived
     * @param source {@code orders.payment-status.v1}, {@code provider} (it reported the order's link paid before the
     *     status event arrived) or {@code none}
     */
    @Schema(description = "The last payment status link-service knows for the order")
    record PaymentStatusView(
            @Schema(
                    description = "AWAITING_PAYMENT until the first order.payment-status-changed arrives",
                    example = "PARTIALLY_PAID")
            String status,

            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paidAmount,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal expectedAmount,
            String currency,
            long sequence,

            @Schema(description = "The status event's id on orders.payment-status.v1; null when none arrived")
            UUID eventId,

            Instant updatedAt,

            @Schema(allowableValues = {"orders.payment-status.v1", "provider", "none"})
            String source) {}

    /**
     * A link the order had before the current one. Payments to its request ids still count.
     *
     * @param expiresAt when it stopped being payable
     * @param expiryAnnouncedAt when its {@code payment-link.expired} was published (null for a link retired as
     *     {@code SETTLED}, whose expiry is not announced)
     */
    record EarlierLink(
            String token,
            String securePaymentUrl,
            List<String> requestIds,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
            String status,
            Instant createdAt,
            Instant expiresAt,
            Instant expiryAnnouncedAt) {}

    static OrderLinksView of(
            LinkOrder order,
            List<PaymentLink> links,
            PaymentLink current,
            Optional<KnownPaymentStatus> known,
            Optional<Instant> providerCompletedAt,
            URI payUrl,
            Instant now) {
        return new OrderLinksView(
                order.orderId(),
                current.token(),
                current.securePaymentUrl(),
                payUrl,
                current.requestIds(),
                current.amount(),
                current.statusAt(now),
                current.createdAt(),
                current.expiresAt(),
                current.previousToken(),
                order.amount(),
                order.currency(),
                paymentStatus(known, providerCompletedAt),
                links.stream()
                        .filter(link -> !link.token().equals(current.token()))
                        .map(link -> new EarlierLink(
                                link.token(),
                                link.securePaymentUrl(),
                                link.requestIds(),
                                link.amount(),
                                link.statusAt(now),
                                link.createdAt(),
                                link.expiresAt(),
                                link.expiryAnnouncedAt()))
                        .toList());
    }

    private static PaymentStatusView paymentStatus(
            Optional<KnownPaymentStatus> known, Optional<Instant> providerCompletedAt) {
        if (known.isPresent() && (known.get().settled() || providerCompletedAt.isEmpty())) {
            KnownPaymentStatus status = known.get();
            return new PaymentStatusView(
                    status.status().name(),
                    status.paidAmount(),
                    status.expectedAmount(),
                    status.currency(),
                    status.sequence(),
                    status.eventId(),
                    status.occurredAt(),
                    PayerDestination.Paid.FROM_ORDER_STATUS);
        }
        if (providerCompletedAt.isPresent()) {
            return new PaymentStatusView(
                    "PAID",
                    known.map(KnownPaymentStatus::paidAmount).orElse(null),
                    known.map(KnownPaymentStatus::expectedAmount).orElse(null),
                    known.map(KnownPaymentStatus::currency).orElse(null),
                    known.map(KnownPaymentStatus::sequence).orElse(0L),
                    known.map(KnownPaymentStatus::eventId).orElse(null),
                    providerCompletedAt.get(),
                    PayerDestination.Paid.FROM_PROVIDER);
        }
        return new PaymentStatusView("AWAITING_PAYMENT", BigDecimal.ZERO, null, null, 0, null, null, "none");
    }
}
