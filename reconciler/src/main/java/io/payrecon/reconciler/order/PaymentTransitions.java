package io.payrecon.reconciler.order;

import static io.payrecon.events.PaymentStatus.PAID;
import static io.payrecon.events.PaymentStatus.PARTIALLY_PAID;
import static io.payrecon.events.PaymentStatus.PAYMENT_FAILED;

import io.payrecon.events.PaymentStatus;

/**
 * The transition table: for every status and every input, where the order goes and whether the reported money
 * counts. This is the only place that decides a status; both switches are exhaustive, so a new status or input
 * does not compile until each of its cells is decided here.
 *
 * <p>Invariants: {@code PAID} never goes back (only to {@code REFUNDED}, a later input); a failed attempt never
 * undoes money already received; money counts by the highest total reported per request, so it never decreases
 * and a fact applied twice changes nothing.
 */
final class PaymentTransitions {

    private PaymentTransitions() {}

    /**
     * One cell of the table.
     *
     * @param target the status to move to, or {@code null} to stay
     * @param countsMoney whether the fact's amount is added to what the order has received
     * @param reasonWhenUnchanged why nothing changed, when neither status nor money moved
     */
    record Rule(PaymentStatus target, boolean countsMoney, String reasonWhenUnchanged) {}

    static Rule rule(PaymentStatus status, PaymentFact.Input input) {
        return switch (status) {
            case AWAITING_PAYMENT ->
                switch (input) {
                    case PAYMENT_PARTIAL -> moveTo(PARTIALLY_PAID);
                    case PAYMENT_CONFIRMED -> moveTo(PAID);
                    case PAYMENT_FAILED -> moveTo(PAYMENT_FAILED); // nothing was paid while awaiting payment
                };
            case PARTIALLY_PAID ->
                switch (input) {
                    case PAYMENT_PARTIAL -> stayCounting("the partial payment was already counted");
                    case PAYMENT_CONFIRMED -> moveTo(PAID);
                    case PAYMENT_FAILED -> ignore("a failed attempt does not undo money already received");
                };
            case PAYMENT_FAILED ->
                switch (input) {
                    case PAYMENT_PARTIAL -> moveTo(PARTIALLY_PAID);
                    case PAYMENT_CONFIRMED -> moveTo(PAID);
                    case PAYMENT_FAILED -> ignore("the payment has already failed");
                };
            case PAID ->
                switch (input) {
                    case PAYMENT_PARTIAL, PAYMENT_CONFIRMED -> stayCounting("the order is already paid");
                    case PAYMENT_FAILED -> ignore("a failed attempt does not undo a payment");
                };
            case EXPIRED ->
                switch (input) {
                    case PAYMENT_PARTIAL -> moveTo(PARTIALLY_PAID);
                    case PAYMENT_CONFIRMED -> moveTo(PAID);
                    case PAYMENT_FAILED -> ignore("the link has expired; a failed attempt changes nothing");
                };
            case REFUNDED ->
                switch (input) {
                    case PAYMENT_PARTIAL, PAYMENT_CONFIRMED, PAYMENT_FAILED ->
                        ignore("the order was refunded; later payment reports do not reopen it");
                };
        };
    }

    private static Rule moveTo(PaymentStatus target) {
        return new Rule(target, true, "the payment was already counted");
    }

    private static Rule stayCounting(String reasonWhenUnchanged) {
        return new Rule(null, true, reasonWhenUnchanged);
    }

    private static Rule ignore(String reason) {
        return new Rule(null, false, reason);
    }
}
