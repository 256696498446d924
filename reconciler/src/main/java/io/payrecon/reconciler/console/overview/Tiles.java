package io.payrecon.reconciler.console.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The overview's tiles, drawn from the sampler's samples: current figures, and the last hour as charts. */
final class Tiles {

    /** One tile: its id (the page contract), a title, figures and charts. */
    record Tile(String id, String title, List<Figure> figures, List<Sparkline> charts) {}

    record Figure(String label, String value) {}

    private Tiles() {}

    static List<Tile> of(
            List<OverviewSampler.Sample> samples, double[] bounds, boolean gatewayConfigured, Instant now) {
        OverviewSampler.Sample latest = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        List<Instant> times = samples.stream().map(OverviewSampler.Sample::at).toList();
        Duration span = OverviewSampler.KEPT;
        List<Double> consumedPerMinute = rates(samples, OverviewSampler.Sample::consumed);
        List<Double> refusedPerMinute =
                rates(samples, sample -> sample.gateway().refused());
        List<Double> acceptedByGateway =
                rates(samples, sample -> sample.gateway().accepted());
        List<Double> p99 = latencies(samples, bounds, 0.99);

        List<Tile> tiles = new ArrayList<>();
        List<Figure> webhooks = new ArrayList<>();
        webhooks.add(new Figure("Accepted (consumed) per minute", number(last(consumedPerMinute))));
        if (gatewayConfigured) {
            String problem = latest == null ? "no sample yet" : latest.gateway().problem();
            webhooks.add(new Figure(
                    "Refused by the gateway per minute", problem == null ? number(last(refusedPerMinute)) : problem));
            webhooks.add(new Figure("Accepted by the gateway per minute", number(last(acceptedByGateway))));
        } else {
            webhooks.add(new Figure("Refused by the gateway", "not configured"));
        }
        List<Sparkline> webhookCharts = new ArrayList<>();
        webhookCharts.add(chart("Webhooks consumed per minute, last hour", times, consumedPerMinute, now, span));
        if (gatewayConfigured) {
            webhookCharts.add(
                    chart("Webhooks refused by the gateway per minute, last hour", times, refusedPerMinute, now, span));
        }
        tiles.add(new Tile("webhooks-per-minute", "Webhooks per minute", webhooks, webhookCharts));

        tiles.add(new Tile(
                "consumer-lag",
                "Consumer lag (records)",
                List.of(
                        new Figure("Link events", count(latest, OverviewSampler.Sample::lagLinkEvents)),
                        new Figure("Webhooks", count(latest, OverviewSampler.Sample::lagWebhooks)),
                        new Figure("Observations", count(latest, OverviewSampler.Sample::lagObservations))),
                List.of(chart(
                        "Consumer lag of the three listeners together, last hour",
                        times,
                        values(
                                samples,
                                sample -> sum(sample.lagLinkEvents(), sample.lagWebhooks(), sample.lagObservations())),
                        now,
                        span))));
        tiles.add(simple(
                "outbox-backlog",
                "Outbox backlog",
                "Rows waiting to be published",
                latest,
                samples,
                times,
                OverviewSampler.Sample::outboxBacklog,
                now,
                span));
        Tile parked = simple(
                "parked",
                "Parked webhooks",
                "Waiting for their link",
                latest,
                samples,
                times,
                OverviewSampler.Sample::parked,
                now,
                span);
        List<Figure> parkedFigures = new ArrayList<>(parked.figures());
        parkedFigures.add(new Figure("Oldest waiting", latest == null ? "—" : age(latest.oldestParkedSeconds())));
        tiles.add(new Tile(parked.id(), parked.title(), parkedFigures, parked.charts()));
        tiles.add(simple(
                "dead-letters",
                "Dead letters",
                "Pending",
                latest,
                samples,
                times,
                OverviewSampler.Sample::deadLetters,
                now,
                span));
        tiles.add(simple(
                "polls-due",
                "Polls due",
                "Due now or overdue",
                latest,
                samples,
                times,
                OverviewSampler.Sample::pollsDue,
                now,
                span));

        OverviewSampler.Sample minuteAgo = minuteBefore(samples);
        tiles.add(new Tile(
                "latency",
                "Webhook to status",
                List.of(
                        new Figure("p50, last minute", seconds(windowPercentile(minuteAgo, latest, bounds, 0.5))),
                        new Figure("p99, last minute", seconds(windowPercentile(minuteAgo, latest, bounds, 0.99)))),
                List.of(Sparkline.of(
                        "Webhook to status p99 per sample, seconds, last hour",
                        times,
                        p99,
                        now,
                        span,
                        Tiles::secondsLabel))));
        return tiles;
    }

    private static Tile simple(
            String id,
            String title,
            String label,
            OverviewSampler.Sample latest,
            List<OverviewSampler.Sample> samples,
            List<Instant> times,
            ToDoubleFunction<OverviewSampler.Sample> value,
            Instant now,
            Duration span) {
        return new Tile(
                id,
                title,
                List.of(new Figure(label, count(latest, value))),
                List.of(chart(title + ", last hour", times, values(samples, value), now, span)));
    }

    private static Sparkline chart(String label, List<Instant> times, List<Double> values, Instant now, Duration span) {
        return Sparkline.of(label, times, values, now, span, Tiles::countLabel);
    }

    /** Each sample's growth per minute since the one before (NaN for the first). */
    static List<Double> rates(List<OverviewSampler.Sample> samples, ToDoubleFunction<OverviewSampler.Sample> counter) {
        List<Double> rates = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            rates.add(
                    i == 0
                            ? Double.NaN
                            : Rates.perMinute(
                                    counter.applyAsDouble(samples.get(i - 1)),
                                    samples.get(i - 1).at(),
                                    counter.applyAsDouble(samples.get(i)),
                                    samples.get(i).at()));
        }
        return rates;
    }

    private static List<Double> latencies(List<OverviewSampler.Sample> samples, double[] bounds, double quantile) {
        List<Double> values = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            values.add(i == 0 ? Double.NaN : windowPercentile(samples.get(i - 1), samples.get(i), bounds, quantile));
        }
        return values;
    }

    private static double windowPercentile(
            OverviewSampler.Sample from, OverviewSampler.Sample to, double[] bounds, double quantile) {
        if (from == null || to == null || to.latencyBuckets() == null) {
            return Double.NaN;
        }
        return Latencies.percentile(
                bounds,
                from.latencyBuckets(),
                to.latencyBuckets(),
                to.latencyCount(),
                Double.isNaN(from.latencyCount()) ? 0 : from.latencyCount(),
                quantile);
    }

    /** The newest sample at least a minute older than the latest; else the oldest. */
    private static OverviewSampler.Sample minuteBefore(List<OverviewSampler.Sample> samples) {
        if (samples.size() < 2) {
            return null;
        }
        Instant latest = samples.get(samples.size() - 1).at();
        for (int i = samples.size() - 2; i >= 0; i--) {
            if (!samples.get(i).at().isAfter(latest.minus(Duration.ofMinutes(1)))) {
                return samples.get(i);
            }
        }
        return samples.get(0);
    }

    private static List<Double> values(
            List<OverviewSampler.Sample> samples, ToDoubleFunction<OverviewSampler.Sample> value) {
        return samples.stream().map(sample -> value.applyAsDouble(sample)).toList();
    }

    private static double sum(double... values) {
        double sum = 0;
        for (double value : values) {
            if (Double.isNaN(value)) {
                return Double.NaN;
            }
            sum += value;
        }
        return sum;
    }

    private static double last(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }

    private static String count(OverviewSampler.Sample sample, ToDoubleFunction<OverviewSampler.Sample> value) {
        return sample == null ? "—" : countLabel(value.applyAsDouble(sample));
    }

    static String countLabel(double value) {
        if (Double.isNaN(value)) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "unknown" : String.format(Locale.ROOT, "%,.1f", value);
    }

    static String seconds(double value) {
        if (Double.isNaN(value)) {
            return "no webhook applied";
        }
        if (Double.isInfinite(value)) {
            return "over 10 min";
        }
        return value < 1
                ? String.format(Locale.ROOT, "≤ %d ms", Math.round(value * 1000))
                : String.format(Locale.ROOT, "≤ %.1f s", value);
    }

    private static String secondsLabel(double value) {
        return value < 1 ? Math.round(value * 1000) + "ms" : String.format(Locale.ROOT, "%.1fs", value);
    }

    private static String age(double seconds) {
        if (Double.isNaN(seconds)) {
            return "none waiting";
        }
        Duration age = Duration.ofSeconds((long) seconds);
        return age.toHours() > 0
                ? age.toHours() + " h " + age.toMinutesPart() + " min"
                : age.toMinutes() > 0 ? age.toMinutes() + " min " + age.toSecondsPart() + " s" : age.toSeconds() + " s";
    }
}
