package io.payrecon.reconciler.console.overview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /** The whole scrape, headers and body, must be done within this, or it is cancelled. */
    static final Duration DEADLINE = Duration.ofSeconds(5);

    /** A bigger body is not read further (the gateway's exposition is a few kB). */
    static final int MAX_BODY = 1024 * 1024;

    private final URI url;
    private final HttpClient http;
    private final Duration deadline;
    private final int maxBody;

    GatewayMetrics(URI url) {
        this(url, DEADLINE, MAX_BODY);
    }

    GatewayMetrics(URI url, Duration deadline, int maxBody) {
        this.url = url;
        this.deadline = deadline;
        this.maxBody = maxBody;
        this.http = url == null
                ? null
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    boolean configured() {
        return url != null;
    }

    /**
     * One scrape, bounded: the request's own timeout covers only the headers, so the whole exchange is awaited with
     * {@link #DEADLINE} and cancelled past it (a gateway trickling its body must not hold the sampler's thread), and
     * the body is read up to {@link #MAX_BODY}, no further.
     */
    Received read() {
        if (url == null) {
            return Received.unknown("not configured");
        }
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(
                HttpRequest.newBuilder(url)
                        .timeout(deadline)
                        .header("Accept", "text/plain;version=0.0.4")
                        .GET()
                        .build(),
                info -> info.statusCode() == 200
                        ? new CappedBody(maxBody)
                        : HttpResponse.BodySubscribers.replacing((String) null));
        try {
            HttpResponse<String> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                return Received.unknown("the gateway answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return tooSlow();
        } catch (ExecutionException e) {
            return switch (e.getCause()) {
                case TooLarge tooLarge ->
                    Received.unknown("the gateway's metrics are larger than " + maxBody / 1024 + " KiB");
                case HttpTimeoutException timeout -> tooSlow();
                default -> Received.unknown("the gateway is unreachable");
            };
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return Received.unknown("interrupted");
        }
    }

    private Received tooSlow() {
        return Received.unknown("the gateway did not answer within " + deadline.toSeconds() + " s");
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body too large", null);
        }
    }

    /** A body as UTF-8 text, refused (and the exchange cancelled) once it passes {@code max} bytes. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > max) {
                    body.completeExceptionally(new TooLarge());
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toString(StandardCharsets.UTF_8));
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
