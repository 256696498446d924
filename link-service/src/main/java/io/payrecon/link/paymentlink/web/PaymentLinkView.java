package io.payrecon.link.paymentlink.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.payrecon.link.paymentlink.PaymentLink;
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
record PaymentLinkView(
        String orderId,
        String token,
        String securePaymentUrl,
        URI payUrl,
        List<String> requestIds,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String status,
        Instant createdAt,
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
