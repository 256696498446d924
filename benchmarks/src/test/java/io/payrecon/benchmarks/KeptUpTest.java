package io.payrecon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeptUpTest {

    private static final long MS = 1_000_000;

    @Test
    void keptUpFromTheFirstSecondAfterWhichNoSecondWaitedLongerThanTheLimit() {
        KeptUp keptUp = new KeptUp(10, 5);
        for (int i = 0; i < 50; i++) {
            keptUp.record(i, 20 * MS);
        }
        keptUp.record(5, 3_000 * MS); // second 0: behind
        keptUp.record(19, 1_500 * MS); // second 1: still behind, at its last request
        keptUp.record(25, 900 * MS); // second 2: within the limit

        assertThat(keptUp.from(Duration.ofSeconds(1))).hasValue(2);
        assertThat(keptUp.from(Duration.ofSeconds(2))).hasValue(1);
        assertThat(keptUp.from(Duration.ofMillis(500))).hasValue(3);
    }

    @Test
    void aLastSecondBehindOrWithNothingRecordedHasNotKeptUp() {
        KeptUp behind = new KeptUp(10, 3);
        for (int i = 0; i < 30; i++) {
            behind.record(i, (i >= 20 ? 2_000 : 10) * MS);
        }
        assertThat(behind.from(Duration.ofSeconds(1))).isEmpty();

        KeptUp silent = new KeptUp(10, 3);
        for (int i = 0; i < 20; i++) {
            silent.record(i, 10 * MS);
        }
        assertThat(silent.from(Duration.ofSeconds(1))).isEmpty();
    }
}
