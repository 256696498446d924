package io.payrecon.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a request body within bounds, whatever its framing: a declared Content-Length over the limit is refused before
 * reading, a chunked or undeclared body is read no further than one byte past the limit, and the whole body must have
 * arrived by a deadline. The deadline is what stops a sender that trickles a byte now and then: each read waits at
 * most the server's read timeout, and between reads the clock is checked, so such a sender is cut off at the deadline
 * plus one read timeout at the latest, however slowly it sends.
 */
public final class BoundedBody {

    private static final int CHUNK = 8 * 1024;

    private BoundedBody() {}

    /**
     * @param declaredLength the Content-Length, or -1 when there is none
     * @throws TooLarge when the body is longer than {@code limit}
     * @throws TooSlow when the body had not arrived in full by {@code deadline}
     * @throws IOException when the client went away or stopped sending for longer than the server's read timeout
     */
    public static byte[] read(InputStream in, long declaredLength, int limit, Instant deadline)
            throws IOException, TooLarge, TooSlow {
        if (declaredLength > limit) {
            throw new TooLarge(limit);
        }
        // Grows with what arrives, never past limit + 1: a slow sender holds a small buffer, not the limit.
        ByteArrayOutputStream body = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 256);
        byte[] chunk = new byte[(int) Math.min(CHUNK, limit + 1L)];
        while (true) {
            if (Instant.now().isAfter(deadline)) {
                throw new TooSlow();
            }
            int wanted = (int) Math.min(chunk.length, limit + 1L - body.size());
            int read = in.read(chunk, 0, wanted);
            if (read < 0) {
                return body.toByteArray();
            }
            body.write(chunk, 0, read);
            if (body.size() > limit) {
                throw new TooLarge(limit);
            }
        }
    }

    /** The body is longer than the limit. */
    public static final class TooLarge extends Exception {

        private final int limit;

        TooLarge(int limit) {
            super("Request body larger than " + limit + " bytes", null, false, false);
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }

    /** The body had not arrived in full by the deadline. */
    public static final class TooSlow extends Exception {
        TooSlow() {
            super("Request body not received in full before the deadline", null, false, false);
        }
    }

    /** A deadline this long from now. */
    public static Instant deadline(Duration allowed) {
        return Instant.now().plus(allowed);
    }
}
