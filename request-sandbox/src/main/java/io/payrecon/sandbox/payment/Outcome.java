package io.payrecon.sandbox.payment;

import java.util.Locale;

/** What a simulated payment does, and the webhook event it produces. */
enum Outcome {
    /** Settles what remains (or the given amount, which must cover it): {@code payment.confirmed}. */
    CONFIRMED("payment.confirmed"),
    /** Pays part of what remains: {@code payment.partial}. */
    PARTIAL("payment.partial"),
    /** An execution failed, no money moved: {@code payment.failed}. */
    FAILED("payment.failed");

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
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SecurePayment.SettlementRejected(
                    "Unknown outcome '" + value + "': use confirmed, partial or failed");
        }
    }
}
