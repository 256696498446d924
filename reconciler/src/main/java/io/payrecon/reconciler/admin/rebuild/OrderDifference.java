package io.payrecon.reconciler.admin.rebuild;

import java.math.BigDecimal;
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
 * @param withheld whether a switch-over leaves the order as it is because correcting it would break what status
 *     events promise downstream: a {@code PAID} order never goes back (except to {@code REFUNDED}), a
 *     {@code REFUNDED} one stays so, and the paid and refunded amounts never decrease. A person must look at it
 */
public record OrderDifference(
        String orderId,
        boolean inLive,
        boolean inRebuild,
        List<Field> fields,
        Long liveSequence,
        Long rebuiltSequence,
        boolean withheld) {

    OrderDifference(
            String orderId,
            boolean inLive,
            boolean inRebuild,
            List<Field> fields,
            Long liveSequence,
            Long rebuiltSequence) {
        this(orderId, inLive, inRebuild, fields, liveSequence, rebuiltSequence, breaksPromises(fields));
    }

    /** One part of an order's state, live and rebuilt, as text. */
    public record Field(String field, String live, String rebuilt) {}

    boolean onBothSides() {
        return inLive && inRebuild;
    }

    /** Whether the order can be corrected: on both sides, and not withheld. */
    boolean correctable() {
        return onBothSides() && !withheld;
    }

    private static boolean breaksPromises(List<Field> fields) {
        for (Field field : fields) {
            switch (field.field()) {
                case "status" -> {
                    if ("REFUNDED".equals(field.live())
                            || ("PAID".equals(field.live()) && !"REFUNDED".equals(field.rebuilt()))) {
                        return true;
                    }
                }
                case "paidAmount", "refundedAmount" -> {
                    if (field.live() != null
                            && field.rebuilt() != null
                            && new BigDecimal(field.rebuilt()).compareTo(new BigDecimal(field.live())) < 0) {
                        return true;
                    }
                }
                default -> {}
            }
        }
        return false;
    }
}
