package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    /** An endless body that counts what was read of it. */
    static final class EndlessBody extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
            read += length;
            return length;
        }
    }

    @Test
    void bodyUpToTheLimitIsReadWhole() throws Exception {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), 100, 100))
                .hasSize(100);
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), -1, 100))
                .hasSize(100);
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedWithoutReading() {
        EndlessBody body = new EndlessBody();

        assertThatThrownBy(() -> BoundedBody.read(body, 101, 100)).isInstanceOf(BoundedBody.TooLarge.class);
        assertThat(body.read).isZero();
    }

    @Test
    void undeclaredBodyIsReadNoFurtherThanOneBytePastTheLimit() throws IOException {
        EndlessBody body = new EndlessBody();

        assertThatThrownBy(() -> BoundedBody.read(body, -1, 64 * 1024)).isInstanceOf(BoundedBody.TooLarge.class);
        assertThat(body.read).isEqualTo(64 * 1024 + 1);
    }

    @Test
    void bodyLongerThanItsDeclaredLengthIsStillBounded() {
        EndlessBody body = new EndlessBody();

        assertThatThrownBy(() -> BoundedBody.read(body, 10, 100)).isInstanceOf(BoundedBody.TooLarge.class);
        assertThat(body.read).isEqualTo(101);
    }
}
