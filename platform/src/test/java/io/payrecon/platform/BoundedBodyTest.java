package io.payrecon.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static final Instant LATER = Instant.now().plus(Duration.ofHours(1));

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
            Arrays.fill(buffer, offset, offset + length, (byte) 'x');
            read += length;
            return length;
        }
    }

    @Test
    void bodyUpToTheLimitIsReadWhole() throws Exception {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), 100, 100, LATER))
                .hasSize(100);
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), -1, 100, LATER))
                .hasSize(100);
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedWithoutReading() {
        EndlessBody body = new EndlessBody();

        assertThatThrownBy(() -> BoundedBody.read(body, 101, 100, LATER)).isInstanceOf(BoundedBody.TooLarge.class);
        assertThat(body.read).isZero();
    }

    @Test
    void undeclaredBodyIsReadNoFurtherThanOneBytePastTheLimit() throws IOException {
        EndlessBody body = new EndlessBody();

        assertThatThrownBy(() -> BoundedBody.read(body, -1, 64 * 1024, LATER)).isInstanceOf(BoundedBody.TooLarge.class);
        assertThat(body.read).isEqualTo(64 * 1024 + 1);
    }

    @Test
    void bodyLongerThanItsDeclaredLengthIsStillBounded() {
        EndlessBody body = new EndlessBody();

        assertThatThrownBy(() -> BoundedBody.read(body, 10, 100, LATER)).isInstanceOf(BoundedBody.TooLarge.class);
        assertThat(body.read).isEqualTo(101);
    }

    @Test
    void aSenderThatTricklesIsCutOffAtTheDeadlineHoweverOftenItSends() {
        InputStream trickle = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                sleep(Duration.ofMillis(20));
                buffer[offset] = 'x';
                return 1; // one byte at a time, never a pause long enough for a read timeout
            }
        };
        Instant started = Instant.now();

        assertThatThrownBy(() -> BoundedBody.read(trickle, -1, 64 * 1024, started.plusMillis(300)))
                .isInstanceOf(BoundedBody.TooSlow.class);
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBodyThatArrivedInFullBeforeTheDeadlineIsNotTooSlow() throws Exception {
        assertThat(BoundedBody.read(
                        new ByteArrayInputStream(new byte[10]),
                        10,
                        100,
                        Instant.now().plusSeconds(1)))
                .hasSize(10);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
