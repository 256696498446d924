package io.payrecon.link.paymentlink;

/** No payment link is known for the order. */
public final class UnknownOrderException extends RuntimeException {

    private final String orderId;

    public UnknownOrderException(String orderId) {
        super("No payment link is known for order " + orderId);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }
}
