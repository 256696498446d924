package io.payrecon.benchkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreInMillisecondsToThreeSignificantDigits() {
        LatencyHistogram latency = new LatencyHistogram("create");
        for (int millis = 1; millis <= 100; millis++) {
            latency.record(TimeUnit.MILLISECONDS.toNanos(millis));
        }

        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.millisAt(50)).isBetween(49.9, 50.1);
        assertThat(latency.millisAt(99)).isBetween(98.9, 99.1);
        assertThat(latency.maxMillis()).isBetween(99.9, 100.1);
        assertThat(latency.summary())
                .startsWith("create: p50 50 ms, p90 90 ms, p99 99 ms")
                .endsWith("(100 samples)");
    }

    @Test
    void anAnswerBeforeItsIntendedTimeCountsAsZero() {
        LatencyHistogram latency = new LatencyHistogram("early");
        latency.record(-5_000_000);

        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.maxMillis()).isZero();
    }

    @Test
    void formatKeepsTwoOrThreeFiguresWhateverTheScale() {
        assertThat(LatencyHistogram.format(0.42)).isEqualTo("0.4 ms");
        assertThat(LatencyHistogram.format(12.4)).isEqualTo("12 ms");
        assertThat(LatencyHistogram.format(10_500)).isEqualTo("10.5 s");
    }
}
