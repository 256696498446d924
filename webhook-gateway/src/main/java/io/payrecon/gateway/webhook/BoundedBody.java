package io.payrecon.gateway.webhook;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit, whatever its framing: a declared Content-Length over the limit is refused
 * before reading, and a chunked or undeclared body is read no further than one byte past the limit.
 */
final class BoundedBody {

    private BoundedBody() {}

    /**
     * @param declaredLength the Content-Length, or -1 when there is none
     * @throws TooLarge when the body is longer than {@code limit}
     */
    static byte[] read(InputStream in, long declaredLength, int limit) throws IOException, TooLarge {
        if (declaredLength > limit) {
            throw new TooLarge();
        }
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new TooLarge();
        }
        return body;
    }

    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
