package io.payrecon.reconciler.order;

/**
 * What a poll showed that the reconciler cannot account for from {@code GET /v2/request/{requestId}}'s documented
 * fields, by the {@code reason} tag of {@code reconciler.polling.unseen}. Nothing is guessed for these: the order
 * keeps what it knows (money never goes back), the observation's recorded reason names them, and the counter lets an
 * operator see how often polling alone would have been blind (reconciler README, "What polling cannot see").
 */
enum UnseenByPolling {
    /**
     * The provider tells less received than was reported before for the request (by a webhook or an earlier poll):
     * a partial refund, which the answer has no field for, or a figure in another unit. The higher total stays.
     */
    LESS_THAN_REPORTED("less-than-reported", "the provider tells less received than was reported before"),
    /**
     * {@code conversionBreakdown} contradicts {@code hasBeenPaid} (something remains of a paid request, nothing of
     * an unpaid one), or, for an order of one request, its received and remaining amounts do not add up to the order's
     * amount. {@code hasBeenPaid} decides.
     */
    INCONSISTENT_BREAKDOWN(
            "inconsistent-breakdown", "conversionBreakdown does not agree with hasBeenPaid or with the order's amount"),
    /** A {@code status} the reconciler does not know (the values are not documented); it is not used. */
    UNKNOWN_STATUS("unknown-status", "a status the reconciler does not know"),
    /**
     * The request is paid by one payment of an amount the answer does not tell, and the order's other requests had
     * already covered it: a payment beyond the expected amount, whose size polling cannot see (no
     * {@code overpaid} nor {@code duplicatePayment} can be raised from it).
     */
    PAID_AMOUNT_UNKNOWN(
            "paid-amount-unknown", "paid in full by one payment of an amount not told, while the order was covered"),
    /**
     * Money arrived that the answer gives no time for, and the request's link had expired by the time of the poll:
     * whether it was paid after the expiry cannot be told, so {@code paidAfterExpiry} is not raised from it.
     */
    PAYMENT_TIME_UNKNOWN(
            "payment-time-unknown", "money with no payment time, seen after its link expired: paidAfterExpiry unknown");

    private final String tag;
    private final String description;

    UnseenByPolling(String tag, String description) {
        this.tag = tag;
        this.description = description;
    }

    /** The metric's {@code reason} tag. */
    String tag() {
        return tag;
    }

    String description() {
        return description;
    }
}
