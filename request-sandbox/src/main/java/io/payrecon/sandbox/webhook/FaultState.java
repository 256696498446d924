package io.payrecon.sandbox.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The delivery faults in force, what is left of the drop fault, and the deliveries the reorder fault holds back:
 * for each new delivery, how the faults treat it. Thread-safe; a caller that must keep a treatment and what follows
 * from it together (recording the delivery, holding it) synchronizes on this object.
 *
 * @param <T> a delivery on its way
 */
final class FaultState<T> {

    // guarded by this
    private DeliveryFaults faults = DeliveryFaults.NONE;
    private int dropsLeft;
    private final List<T> held = new ArrayList<>();

    /**
     * How the faults in force treat one delivery.
     *
     * @param reorder how many deliveries the reorder fault gathers before it sends them newest first (1: none)
     * @param touched the faults that apply, as the delivery log shows them ({@code drop}, {@code duplicate:new_id},
     *     {@code delay:PT2S}, {@code reorder:3})
     */
    record Treatment(
            boolean drop, DeliveryFaults.Duplicate duplicate, Duration delay, int reorder, List<String> touched) {

        DeliveryLog.Status status() {
            return drop
                    ? DeliveryLog.Status.DROPPED
                    : reorder > 1 ? DeliveryLog.Status.HELD : DeliveryLog.Status.PENDING;
        }
    }

    /** The treatment of the next delivery; a drop counts against the drop fault. */
    synchronized Treatment next() {
        List<String> touched = new ArrayList<>();
        Duration delay = faults.delay();
        boolean drop = faults.dropAll() || dropsLeft > 0;
        if (drop) {
            dropsLeft = faults.dropAll() ? 0 : dropsLeft - 1;
            touched.add("drop");
        } else {
            if (faults.duplicate() != DeliveryFaults.Duplicate.NONE) {
                touched.add("duplicate:" + faults.duplicate().name().toLowerCase(Locale.ROOT));
            }
            if (!delay.isZero()) {
                touched.add("delay:" + delay);
            }
            if (faults.reorder() > 1) {
                touched.add("reorder:" + faults.reorder());
            }
        }
        return new Treatment(drop, faults.duplicate(), delay, Math.max(faults.reorder(), 1), List.copyOf(touched));
    }

    /**
     * Holds a delivery for the reorder fault.
     *
     * @return the held deliveries to send now, newest first, once {@code reorder} are held; else none
     */
    synchronized List<T> hold(T delivery, int reorder) {
        held.add(delivery);
        return held.size() < reorder ? List.of() : takeHeldNewestFirst();
    }

    /** Puts these faults in force; answers the held deliveries to send now when they already make a full batch. */
    synchronized List<T> configure(DeliveryFaults faults) {
        this.faults = faults;
        this.dropsLeft = faults.drop();
        return held.size() >= Math.max(faults.reorder(), 1) ? takeHeldNewestFirst() : List.of();
    }

    /** No fault in force any more; answers every held delivery, to send now, newest first. */
    synchronized List<T> reset() {
        faults = DeliveryFaults.NONE;
        dropsLeft = 0;
        return takeHeldNewestFirst();
    }

    /** The faults in force; {@code drop} is what remains to be dropped. */
    synchronized DeliveryFaults current() {
        return new DeliveryFaults(faults.duplicate(), faults.reorder(), faults.delay(), dropsLeft, faults.dropAll());
    }

    synchronized int held() {
        return held.size();
    }

    private List<T> takeHeldNewestFirst() {
        List<T> batch = new ArrayList<>(held);
        held.clear();
        Collections.reverse(batch);
        return batch;
    }
}
