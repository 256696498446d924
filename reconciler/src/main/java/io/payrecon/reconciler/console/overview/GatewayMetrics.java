package io.payrecon.reconciler.console.overview;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the webhook-gateway answered to deliveries, from its Prometheus endpoint
 * ({@code reconciler.console.gateway-metrics-url}): the counter {@code webhooks_received_total{outcome="…"}}, summed
 * over its series, {@code accepted} apart from every other outcome (bad signature, too large, unsupported type,
 * incomplete body, broker unavailable: refused). Only the reconciler sees what it consumed; only the gateway knows what
 * it refused.
 */
final class GatewayMetrics {

    private static final Pattern RECEIVED =
            Pattern.compile("^webhooks_received_total\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern OUTCOME = Pattern.compile("outcome=\"([^\"]*)\"");

    /** The gateway's counts so far; {@code problem} says why they are unknown (NaN). */
    record Received(double accepted, double refused, String problem) {

        static Received unknown(String problem) {
            return new Received(Double.NaN, Double.NaN, problem);
        }
    }

    private final URI url;
    private final HttpClient http;

    GatewayMetrics(URI url) {
        this.url = url;
        this.http = url == null
                ? null
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    boolean configured() {
        return url != null;
    }

    Received read() {
        if (url == null) {
            return Received.unknown("not configured");
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(3))
                            .header("Accept", "text/plain;version=0.0.4")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Received.unknown("the gateway answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            return Received.unknown("the gateway is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Received.unknown("interrupted");
        }
    }

    /** The counts in a Prometheus text exposition. */
    static Received parse(String exposition) {
        double accepted = 0;
        double refused = 0;
        boolean found = false;
        Matcher line = RECEIVED.matcher(exposition);
        while (line.find()) {
            Matcher outcome = OUTCOME.matcher(line.group(1));
            double value;
            try {
                value = Double.parseDouble(line.group(2));
            } catch (NumberFormatException e) {
                continue;
            }
            found = true;
            if (outcome.find() && outcome.group(1).equals("accepted")) {
                accepted += value;
            } else {
                refused += value;
            }
        }
        return found ? new Received(accepted, refused, null) : Received.unknown("no webhooks_received_total there");
    }
}
