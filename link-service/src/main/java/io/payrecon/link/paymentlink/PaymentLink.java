package io.payrecon.link.paymentlink;

import io.payrecon.requestclient.SecurePaymentCreated;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One secure payment link the provider created for an order. An order's first link asks for the order's amount; a
 * renewal asks for what was still unpaid.
 *
 * @param feePlan the provider's fee plan as JSON, or null: stored, not interpreted
 * @param expiresAt creation plus {@code links.expiry}: the provider returns no expiry of its own
 * @param previousToken the link this one replaced, or null for the order's first link
 * @param expiryAnnouncedAt when its expiry was announced ({@code payment-link.expired}), or null; the expiry itself is
 *     {@code expiresAt}
 */
public record PaymentLink(
        String token,
        String orderId,
        String securePaymentUrl,
        List<String> requestIds,
        BigDecimal amount,
        String feePlan,
        Status status,
        Instant createdAt,
        Instant expiresAt,
        String previousToken,
        Instant expiryAnnouncedAt) {

    public PaymentLink {
        requestIds = List.copyOf(requestIds);
    }

    /**
     * The link the provider just made, active from {@code now} for {@code expiry}.
     *
     * @param amount what the link asks for
     * @param previousToken the link it replaces, or null for the order's first
     */
    public static PaymentLink made(
            SecurePaymentCreated created,
            String orderId,
            BigDecimal amount,
            Instant now,
            Duration expiry,
            String previousToken) {
        return new PaymentLink(
                created.token(),
                orderId,
                created.securePaymentUrl(),
                created.requestIds(),
                amount,
                created.feePlan() == null ? null : created.feePlan().toString(),
                Status.ACTIVE,
                now,
                now.plus(expiry),
                previousToken,
                null);
    }

    public enum Status {
        /** Payable until {@code expiresAt}. */
        ACTIVE,
        /** Past its expiry, unpaid, and {@code payment-link.expired} was emitted for it (exactly once). */
        EXPIRED,
        /** Past its expiry after the order was paid: retired without an expiry event. */
        SETTLED
    }

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether a payer may be sent to it now. */
    public boolean isPayableAt(Instant now) {
        return status == Status.ACTIVE && !isExpiredAt(now);
    }

    /** The status as the API shows it: an active link past its expiry is {@code EXPIRED} before the sweep ran. */
    public String statusAt(Instant now) {
        return status == Status.ACTIVE && isExpiredAt(now) ? Status.EXPIRED.name() : status.name();
    }
}
