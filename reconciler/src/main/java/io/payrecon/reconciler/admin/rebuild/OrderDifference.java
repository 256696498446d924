package io.payrecon.reconciler.admin.rebuild;

import java.util.List;

/**
 * An order whose live state differs from its rebuilt state.
 *
 * @param inLive whether the live tables have the order
 * @param inRebuild whether the rebuild made the order
 * @param fields what differs, with both values (empty when the order is on one side only)
 * @param liveSequence the sequence of the order's last live status event (context, not compared: a correction is a
 *     status event of its own, so after one the live sequence is rightly ahead of the rebuilt one)
 * @param rebuiltSequence the sequence the rebuild reached
 */
public record OrderDifference(
        String orderId,
        boolean inLive,
        boolean inRebuild,
        List<Field> fields,
        Long liveSequence,
        Long rebuiltSequence) {

    /** One part of an order's state, live and rebuilt, as text. */
    public record Field(String field, String live, String rebuilt) {}

    boolean onBothSides() {
        return inLive && inRebuild;
    }
}
