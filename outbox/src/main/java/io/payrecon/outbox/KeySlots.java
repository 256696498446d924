package io.payrecon.outbox;

import java.util.stream.IntStream;

/**
 * The {@value #COUNT} slots the outbox's records are spread over for the relay's lanes: a record's slot is
 * {@code hashtext(record_key) & 63}, computed by PostgreSQL (the hash the appends already take their key locks with),
 * so all records of a key share a slot. A set of slots is a {@code long}, bit {@code s} for slot {@code s}.
 */
final class KeySlots {

    /** How many slots there are, and so the most lanes a relay can have. */
    static final int COUNT = Long.SIZE;

    /** A record's slot, in SQL, from its key column. */
    static final String OF_RECORD_KEY = "(hashtext(record_key) & 63)";

    /** Every slot. */
    static final long ALL = -1L;

    private KeySlots() {}

    /** The slot of a key whose {@code hashtext} is {@code keyHash}. */
    static long ofKeyHash(int keyHash) {
        return 1L << (keyHash & (COUNT - 1));
    }

    /** The slots lane {@code lane} of {@code lanes} publishes: those {@code s} with {@code s % lanes == lane}. */
    static long ofLane(int lane, int lanes) {
        if (lanes < 1 || lanes > COUNT || lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException("lane " + lane + " of " + lanes + " (1.." + COUNT + " lanes)");
        }
        long slots = 0;
        for (int slot = lane; slot < COUNT; slot += lanes) {
            slots |= 1L << slot;
        }
        return slots;
    }

    /** The slot numbers of a set, ascending. */
    static int[] numbers(long slots) {
        return IntStream.range(0, COUNT)
                .filter(slot -> (slots & (1L << slot)) != 0)
                .toArray();
    }

    /** The set of the given slot numbers. */
    static long of(Iterable<Integer> numbers) {
        long slots = 0;
        for (int slot : numbers) {
            slots |= 1L << slot;
        }
        return slots;
    }
}
