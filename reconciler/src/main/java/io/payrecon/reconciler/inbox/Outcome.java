package io.payrecon.reconciler.inbox;

/** What became of a link event or a webhook delivery. */
public enum Outcome {
    /** Recorded, not settled yet: only ever seen inside the transaction that records it. */
    RECEIVED,
    /** It changed the order. */
    APPLIED,
    /** It was applied and changed nothing (the reason says why). */
    UNCHANGED,
    /** Another delivery already reported the same payment (same request id, kind and transaction). */
    DUPLICATE,
    /** Its request id is not known yet; it is applied when its payment link arrives. */
    PARKED,
    /** A test delivery: recorded, never applied. */
    TEST,
    /** Kept, but it has no effect on an order (the reason says why). */
    IGNORED
}
