package io.payrecon.reconciler.inbox;

/**
 * A record of a batch that cannot be applied as it is (not an event, a body that is not JSON, a payment without a
 * request id, a renewal of an order that was never created): it is not recorded as processed and goes to its
 * dead-letter topic with the reason. Once mended and replayed, it is applied like any other.
 *
 * @param index its position in the batch
 */
public record Rejection(int index, String reason) {}
