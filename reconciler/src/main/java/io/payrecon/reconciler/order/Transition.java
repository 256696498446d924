package io.payrecon.reconciler.order;

import io.payrecon.events.PaymentStatus;

/** What applying a fact did to an order: it changed (status, money or both), or it changed nothing and why. */
sealed interface Transition {

    /**
     * The order changed; {@code order} is its new state, with the next sequence number.
     *
     * @param previousStatus {@code null} when the order was just opened (sequence 0, which emits no status event)
     */
    record Changed(PaymentStatus previousStatus, Order order) implements Transition {

        /** Whether this is the order's opening rather than a change of an open order. */
        boolean opened() {
            return previousStatus == null;
        }
    }

    record Unchanged(String reason) implements Transition {}
}
