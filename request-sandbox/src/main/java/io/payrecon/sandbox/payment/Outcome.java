package io.payrecon.sandbox.payment;

import java.util.Locale;

/** What a simulated payment does, and the webhook event it produces. */
enum Outcome {
    /** Settles what remains (or the given amount, which must cover it): {@code payment.confirmed}. */
    CONFIRMED("payment.confirmed"),
    /** Pays part of what remains: {@code payment.partial}. */
    PARTIAL("payment.partial"),
    /** An execution failed, no money moved: {@code payment.failed}. */
    FAILED("payment.failed"),
    /** Money went back to the payer: {@code payment.refunded}. Not an outcome of the payment control. */
    REFUNDED("payment.refunded");

    private final String event;

    Outcome(String event) {
        this.event = event;
    }

    String event() {
        return event;
    }

    /** Parses {@code confirmed}, {@code partial} or {@code failed}; absent means confirmed. */
    static Outcome parse(String value) {
        if (value == null || value.isBlank()) {
            return CONFIRMED;
        }
        String name = value.strip().toUpperCase(Locale.ROOT);
        if (name.equals(CONFIRMED.name()) || name.equals(PARTIAL.name()) || name.equals(FAILED.name())) {
            return valueOf(name);
        }
        throw PaymentRefused.invalid("Unknown outcome '" + value
                + "': use confirmed, partial or failed (refunds: POST /sandbox/payments/{token}/refund)");
    }
}
