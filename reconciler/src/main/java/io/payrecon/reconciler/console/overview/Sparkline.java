package io.payrecon.reconciler.console.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small line chart as inline SVG (drawn by the page's template, styled by the console's stylesheet): time across,
 * from {@code span} ago to now; values up, from 0 to the largest shown. Unknown values (NaN) are left out.
 *
 * @param label what it shows, for screen readers ({@code aria-label})
 * @param points the polyline's {@code points}, "x,y x,y …"
 * @param maxLabel the top of the axis; {@code minLabel} its bottom (0)
 */
record Sparkline(
        String label,
        String viewBox,
        double left,
        double right,
        double top,
        double bottom,
        String points,
        String maxLabel,
        String minLabel,
        String startLabel) {

    static final double WIDTH = 260;
    static final double HEIGHT = 70;
    static final double LEFT = 34;
    static final double RIGHT = WIDTH - 4;
    static final double TOP = 6;
    static final double BOTTOM = HEIGHT - 16;

    /** A chart of these values at these times; {@code format} writes the axis' top label. */
    static Sparkline of(
            String label,
            List<Instant> times,
            List<Double> values,
            Instant now,
            Duration span,
            DoubleFunction<String> format) {
        Instant start = now.minus(span);
        double max = 0;
        for (int i = 0; i < values.size(); i++) {
            double value = values.get(i);
            if (!Double.isNaN(value)
                    && !Double.isInfinite(value)
                    && !times.get(i).isBefore(start)) {
                max = Math.max(max, value);
            }
        }
        double scale = max > 0 ? max : 1;
        List<String> points = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            double value = values.get(i);
            if (Double.isNaN(value) || Double.isInfinite(value) || times.get(i).isBefore(start)) {
                continue;
            }
            double x = x(times.get(i), start, span);
            double y = BOTTOM - Math.max(0, value) / scale * (BOTTOM - TOP);
            points.add(number(x) + "," + number(y));
        }
        return new Sparkline(
                label,
                "0 0 " + number(WIDTH) + " " + number(HEIGHT),
                LEFT,
                RIGHT,
                TOP,
                BOTTOM,
                String.join(" ", points),
                format.apply(max),
                "0",
                "-" + span.toMinutes() + " min");
    }

    static double x(Instant at, Instant start, Duration span) {
        double share = (double) Duration.between(start, at).toMillis() / span.toMillis();
        return LEFT + Math.min(1, Math.max(0, share)) * (RIGHT - LEFT);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
