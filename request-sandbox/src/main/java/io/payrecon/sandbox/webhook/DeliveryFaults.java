package io.payrecon.sandbox.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sandbox misdelivers webhooks, so receivers can be tested against a misbehaving provider. Set with
 * {@code POST /sandbox/faults}; {@link #NONE} delivers like the provider.
 *
 * @param duplicate deliver each webhook twice: {@link Duplicate#SAME_ID} or {@link Duplicate#NEW_ID}
 * @param reorder hold deliveries until this many are waiting, then deliver them newest first; 0 (or 1) is off
 * @param delay wait this long before each first attempt (retries keep their schedule)
 * @param drop drop this many of the next deliveries: recorded, never sent
 * @param dropAll drop every delivery until the faults are reset
 */
public record DeliveryFaults(Duplicate duplicate, int reorder, Duration delay, int drop, boolean dropAll) {

    public static final DeliveryFaults NONE = new DeliveryFaults(Duplicate.NONE, 0, Duration.ZERO, 0, false);

    public DeliveryFaults {
        Objects.requireNonNull(duplicate, "duplicate");
        delay = delay == null ? Duration.ZERO : delay;
        if (reorder < 0 || drop < 0 || delay.isNegative()) {
            throw new IllegalArgumentException("reorder, drop and delay must not be negative");
        }
    }

    /** What a duplicated webhook looks like to the receiver. */
    public enum Duplicate {
        /** Delivered once. */
        NONE,
        /**
         * After a 2xx, the same delivery is sent again: same body, same delivery id, the next retry count. What a
         * provider does when the receiver's answer was lost.
         */
        SAME_ID,
        /** A second delivery of the same body with its own delivery id, right after the first attempt. */
        NEW_ID
    }
}
