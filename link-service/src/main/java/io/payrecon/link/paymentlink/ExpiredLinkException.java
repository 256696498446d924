package io.payrecon.link.paymentlink;

/** The order's link has expired, and this version does not renew links yet. */
final class ExpiredLinkException extends RuntimeException {

    private final PaymentLink link;

    ExpiredLinkException(PaymentLink link) {
        super("The payment link of order " + link.orderId() + " expired at " + link.expiresAt());
        this.link = link;
    }

    PaymentLink link() {
        return link;
    }
}
