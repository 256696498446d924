package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemHttp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** An app's figures as {@code /actuator/prometheus} shows them. */
final class Metrics {

    private final String scraped;
    private final App app;

    private Metrics(App app, String scraped) {
        this.app = app;
        this.scraped = scraped;
    }

    /** Scrapes the app now; fails when its endpoint does not answer 200. */
    static Metrics of(LocalSystem system, App app) {
        var response = SystemHttp.get(system.app(app).url() + "/actuator/prometheus", Map.of());
        assertThat(response.status()).as(app.module() + ": " + response.body()).isEqualTo(200);
        return new Metrics(app, response.body());
    }

    String text() {
        return scraped;
    }

    /** The values of the series of a metric that carry all the given labels (none when it has none yet). */
    List<Double> values(String name, String... labels) {
        return scraped.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .toList();
    }

    /** Their sum; fails, showing the app's metrics of that family, when there is no such series. */
    double value(String name, String... labels) {
        List<Double> values = values(name, labels);
        assertThat(values)
                .as("%s on %s with %s in:%n%s", name, app.module(), Arrays.toString(labels), family(name))
                .isNotEmpty();
        return sum(values);
    }

    /** Their sum, zero when there is no such series (a counter not yet incremented). */
    double valueOrZero(String name, String... labels) {
        return sum(values(name, labels));
    }

    private static double sum(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    private String family(String name) {
        String prefix = name.substring(0, Math.min(name.length(), name.indexOf('_') + 1));
        return String.join(
                "\n", scraped.lines().filter(line -> line.startsWith(prefix)).toList());
    }
}
