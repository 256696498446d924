package io.payrecon.sandbox;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * ULIDs (26 characters of Crockford base32: 48 bits of milliseconds, then 80 random bits), as the provider uses for
 * link tokens and delivery ids. Monotonic: within one millisecond the random part counts up, so ids from this JVM
 * sort in the order they were made.
 */
public final class Ulid {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MAX_TIME = (1L << 48) - 1;

    /** The generator of this JVM, so all its ids are in one order. */
    private static final Ulid SHARED = new Ulid();

    private long lastMillis = -1;
    private int randomHigh; // the top 16 of the 80 random bits
    private long randomLow; // the other 64

    Ulid() {}

    /** A new ULID for now. */
    public static String next() {
        return SHARED.nextAt(System.currentTimeMillis());
    }

    /** A new ULID for {@code millis}, or for the last time used when the clock went back. */
    synchronized String nextAt(long millis) {
        if (millis < 0 || millis > MAX_TIME) {
            throw new IllegalArgumentException("A ULID time is 48 bits of milliseconds: " + millis);
        }
        if (millis > lastMillis) {
            lastMillis = millis;
            randomHigh = RANDOM.nextInt(1 << 16);
            randomLow = RANDOM.nextLong();
        } else if (++randomLow == 0 && ++randomHigh == 1 << 16) {
            // the random part overflowed within one millisecond: borrow the next millisecond
            lastMillis++;
            randomHigh = RANDOM.nextInt(1 << 16);
            randomLow = RANDOM.nextLong();
        }
        return encode(lastMillis << 16 | randomHigh, randomLow);
    }

    /** When a ULID was made. */
    public static Instant timeOf(String ulid) {
        if (ulid == null || ulid.length() != 26 || ulid.charAt(0) > '7') {
            throw new IllegalArgumentException("Not a ULID: " + ulid);
        }
        long millis = 0;
        for (int i = 0; i < ulid.length(); i++) {
            int value = indexOf(ulid.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("Not a ULID: " + ulid);
            }
            if (i < 10) {
                millis = millis << 5 | value;
            }
        }
        return Instant.ofEpochMilli(millis);
    }

    private static String encode(long high, long low) {
        char[] out = new char[26];
        for (int i = 25; i >= 0; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = low >>> 5 | high << 59;
            high >>>= 5;
        }
        return new String(out);
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
