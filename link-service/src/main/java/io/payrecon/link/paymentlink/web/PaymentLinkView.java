package io.payrecon.link.paymentlink.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.payrecon.link.paymentlink.PaymentLink;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * An order's link as the create answer shows it.
 *
 * @param payUrl our own entry point for the payer, which redirects to the current {@code securePaymentUrl} and renews
 *     it once expired: the URL to hand to payers
 * @param status {@code ACTIVE}; {@code EXPIRED} once {@code expiresAt} has passed; {@code SETTLED} for a link
 *     retired after its order was paid
 */
@Schema(description = "The order's payment link")
record PaymentLinkView(
        String orderId,

        @Schema(description = "The provider's token of the link")
        String token,

        @Schema(description = "The provider's hosted payment page of this link")
        String securePaymentUrl,

        @Schema(
                description = "The URL to give payers: it sends them to the order's current link, renewing an "
                        + "expired one, and survives renewals")
        URI payUrl,

        @Schema(description = "The provider's request ids of the link")
        List<String> requestIds,

        @Schema(description = "What the link asks for") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal amount,

        @Schema(
                description = "ACTIVE; EXPIRED once expiresAt has passed; SETTLED for a link retired after its "
                        + "order was paid",
                allowableValues = {"ACTIVE", "EXPIRED", "SETTLED"})
        String status,

        Instant createdAt,

        @Schema(description = "When the link stops being payable")
        Instant expiresAt) {

    static PaymentLinkView of(PaymentLink link, URI payUrl, Instant now) {
        return new PaymentLinkView(
                link.orderId(),
                link.token(),
                link.securePaymentUrl(),
                payUrl,
                link.requestIds(),
                link.amount(),
                link.statusAt(now),
                link.createdAt(),
                link.expiresAt());
    }
}
