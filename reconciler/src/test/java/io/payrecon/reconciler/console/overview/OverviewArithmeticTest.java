package io.payrecon.reconciler.console.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overview's arithmetic: the ring of samples, rates, percentiles from histograms, chart scaling, the scrape. */
class OverviewArithmeticTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void theRingKeepsTheNewestSamplesOldestFirst() {
        SampleRing<Integer> ring = new SampleRing<>(3);
        assertThat(ring.all()).isEmpty();
        assertThat(ring.latest()).isNull();

        for (int i = 1; i <= 5; i++) {
            ring.add(i);
        }

        assertThat(ring.all()).containsExactly(3, 4, 5);
        assertThat(ring.latest()).isEqualTo(5);
    }

    @Test
    void aCounterGrowingBy30In15SecondsIs120PerMinute() {
        assertThat(Rates.perMinute(100, NOW, 130, NOW.plusSeconds(15))).isEqualTo(120.0);
    }

    @Test
    void aCounterThatWentBackOrAnUnknownReadingHasNoRate() {
        assertThat(Rates.perMinute(100, NOW, 5, NOW.plusSeconds(15))).isNaN();
        assertThat(Rates.perMinute(Double.NaN, NOW, 5, NOW.plusSeconds(15))).isNaN();
        assertThat(Rates.perMinute(1, NOW, 5, NOW)).isNaN();
    }

    @Test
    void aPercentileIsTheBoundOfTheBucketItFallsInBetweenTwoReadings() {
        double[] bounds = {0.1, 0.5, 1, 5};
        double[] before = {10, 10, 10, 10}; // ten fast ones, before the interval
        double[] now = {10 + 50, 10 + 90, 10 + 99, 10 + 100}; // then 50 ≤ 0.1 s, 40 ≤ 0.5 s, 9 ≤ 1 s, 1 ≤ 5 s

        assertThat(Latencies.percentile(bounds, before, now, 110, 10, 0.5)).isEqualTo(0.1);
        assertThat(Latencies.percentile(bounds, before, now, 110, 10, 0.9)).isEqualTo(0.5);
        assertThat(Latencies.percentile(bounds, before, now, 110, 10, 0.99)).isEqualTo(1.0);
        assertThat(Latencies.percentile(bounds, before, before, 10, 10, 0.99))
                .as("nothing recorded")
                .isNaN();
        assertThat(Latencies.percentile(bounds, null, new double[] {0, 0, 0, 0}, 3, 0, 0.5))
                .as("beyond the last bucket")
                .isInfinite();
    }

    @Test
    void theChartSpansTheLastHourAcrossAndZeroToTheLargestValueUp() {
        List<Instant> times = List.of(NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofMinutes(30)), NOW);
        Sparkline chart =
                Sparkline.of("test", times, List.of(0.0, 5.0, 10.0), NOW, Duration.ofHours(1), Tiles::countLabel);

        double middle = (Sparkline.LEFT + Sparkline.RIGHT) / 2;
        double half = (Sparkline.TOP + Sparkline.BOTTOM) / 2;
        assertThat(chart.points())
                .isEqualTo(String.format(
                        java.util.Locale.ROOT,
                        "%.1f,%.1f %.1f,%.1f %.1f,%.1f",
                        Sparkline.LEFT,
                        Sparkline.BOTTOM,
                        middle,
                        half,
                        Sparkline.RIGHT,
                        Sparkline.TOP));
        assertThat(chart.maxLabel()).isEqualTo("10");
        assertThat(chart.startLabel()).isEqualTo("-60 min");
    }

    @Test
    void unknownValuesAndSamplesOlderThanTheSpanAreLeftOutAndAFlatZeroLineStaysAtTheBottom() {
        List<Instant> times = List.of(NOW.minus(Duration.ofHours(2)), NOW.minusSeconds(60), NOW);
        Sparkline chart =
                Sparkline.of("test", times, List.of(7.0, Double.NaN, 0.0), NOW, Duration.ofHours(1), Tiles::countLabel);

        assertThat(chart.points())
                .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f,%.1f", Sparkline.RIGHT, Sparkline.BOTTOM));
        assertThat(chart.maxLabel()).isEqualTo("0");
        assertThat(Sparkline.x(NOW.minus(Duration.ofMinutes(15)), NOW.minus(Duration.ofHours(1)), Duration.ofHours(1)))
                .isCloseTo(Sparkline.LEFT + 0.75 * (Sparkline.RIGHT - Sparkline.LEFT), within(0.001));
    }

    @Test
    void theGatewaysReceivedCounterIsSplitIntoAcceptedAndRefused() {
        String exposition = """
                # HELP webhooks_received_total Webhook deliveries received, by outcome
                # TYPE webhooks_received_total counter
                webhooks_received_total{application="webhook-gateway",outcome="accepted"} 120.0
                webhooks_received_total{application="webhook-gateway",outcome="bad_signature"} 3.0
                webhooks_received_total{application="webhook-gateway",outcome="too_large"} 1.0
                webhooks_ingest_seconds_count{outcome="accepted"} 120
                """;

        GatewayMetrics.Received received = GatewayMetrics.parse(exposition);

        assertThat(received.accepted()).isEqualTo(120.0);
        assertThat(received.refused()).isEqualTo(4.0);
        assertThat(GatewayMetrics.parse("other_total 3").problem()).contains("no webhooks_received_total");
        assertThat(new GatewayMetrics(null).read().problem()).isEqualTo("not configured");
    }
}
