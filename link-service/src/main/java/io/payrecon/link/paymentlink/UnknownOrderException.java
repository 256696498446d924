package io.payrecon.link.paymentlink;

/** No payment link is known for the order. */
final class UnknownOrderException extends RuntimeException {

    private final String orderId;

    UnknownOrderException(String orderId) {
        super("No payment link is known for order " + orderId);
        this.orderId = orderId;
    }

    String orderId() {
        return orderId;
    }
}
