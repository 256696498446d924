package io.payrecon.reconciler.order;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A fact about one payment request of an order, as the state machine reads it. Facts carry what the provider
 * reported for that request; they are already deduplicated (delivery id and business key) when they get here.
 */
sealed interface PaymentFact {

    /** The row of the transition table this fact selects. */
    Input input();

    /** The currency the provider reported, or {@code null}. */
    String currency();

    enum Input {
        PAYMENT_PARTIAL,
        PAYMENT_CONFIRMED,
        PAYMENT_FAILED
    }

    /** Part of the amount arrived. {@code totalPaid}: what the request has received so far. */
    record PaymentPartial(BigDecimal totalPaid, String currency) implements PaymentFact {
        public PaymentPartial {
            Objects.requireNonNull(totalPaid, "totalPaid");
        }

        @Override
        public Input input() {
            return Input.PAYMENT_PARTIAL;
        }
    }

    /**
     * The request is fully paid and settled. {@code totalPaid}: what the request has received so far, or
     * {@code null} when the provider did not say (then the request is taken to have received the remainder).
     */
    record PaymentConfirmed(BigDecimal totalPaid, String currency) implements PaymentFact {
        @Override
        public Input input() {
            return Input.PAYMENT_CONFIRMED;
        }
    }

    /** An attempt failed; the payer may still pay later. */
    record PaymentFailed(String subStatus) implements PaymentFact {
        @Override
        public Input input() {
            return Input.PAYMENT_FAILED;
        }

        @Override
        public String currency() {
            return null;
        }
    }
}
