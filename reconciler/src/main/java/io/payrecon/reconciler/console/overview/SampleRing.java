package io.payrecon.reconciler.console.overview;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} samples, oldest first: a fixed array written round, so an hour of samples costs the same
 * memory after a day as after an hour. Written by the sampler's one thread, read by page requests: synchronized, each
 * call short.
 */
final class SampleRing<T> {

    private final Object[] slots;
    private int next;
    private int size;

    SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A ring holds at least one sample");
        }
        this.slots = new Object[capacity];
    }

    synchronized void add(T sample) {
        slots[next] = sample;
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    /** Every sample kept, oldest first. */
    @SuppressWarnings("unchecked")
    synchronized List<T> all() {
        List<T> all = new ArrayList<>(size);
        int first = (next - size + slots.length) % slots.length;
        for (int i = 0; i < size; i++) {
            all.add((T) slots[(first + i) % slots.length]);
        }
        return all;
    }

    /** The newest sample, or null before the first. */
    @SuppressWarnings("unchecked")
    synchronized T latest() {
        return size == 0 ? null : (T) slots[(next - 1 + slots.length) % slots.length];
    }

    int capacity() {
        return slots.length;
    }
}
