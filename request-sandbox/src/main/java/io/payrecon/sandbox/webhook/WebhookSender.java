package io.payrecon.sandbox.webhook;

import io.payrecon.requestclient.WebhookSignature;
import io.payrecon.sandbox.SandboxProperties;
import io.payrecon.sandbox.Ulid;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Delivers webhooks the way the provider does: signed over the raw body, a delivery id (ULID) that stays the same on
 * every retry, {@code x-request-network-retry-count} 0 to 3, retries after {@code sandbox.delivery.retry-delays}
 * (1 s, 5 s, 15 s), a timeout per attempt, any 2xx a success, and after the last retry the delivery is dropped for
 * good. Asynchronous: {@link #deliver} returns at once.
 */
@Component
public class WebhookSender implements DisposableBean {

    public static final String SIGNATURE = "x-request-network-signature";
    public static final String DELIVERY = "x-request-network-delivery";
    public static final String RETRY_COUNT = "x-request-network-retry-count";

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final URI webhookUrl;
    private final String secret;
    private final List<Duration> retryDelays;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;

    WebhookSender(SandboxProperties properties) {
        this.webhookUrl = properties.webhookUrl();
        this.secret = properties.webhookSecret();
        this.retryDelays = properties.delivery().retryDelays();
        this.timeout = properties.delivery().timeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "webhook-delivery");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts delivering one webhook.
     *
     * @param event the body's {@code event}, for the logs
     * @param requestId the body's request id, for the logs
     * @param body the exact bytes to send and sign
     */
    public Delivery deliver(String event, String requestId, byte[] body) {
        Delivery delivery = new Delivery(Ulid.next(), event, requestId, webhookUrl);
        String signature = WebhookSignature.sign(secret, body);
        log.info("Delivering {} {} for request {} to {}", event, delivery.deliveryId(), requestId, webhookUrl);
        scheduler.execute(() -> attempt(delivery, body.clone(), signature, 0));
        return delivery;
    }

    private void attempt(Delivery delivery, byte[] body, String signature, int retryCount) {
        HttpRequest request = HttpRequest.newBuilder(webhookUrl)
                .timeout(timeout)
                .header("content-type", "application/json")
                .header(SIGNATURE, signature)
                .header(DELIVERY, delivery.deliveryId())
                .header(RETRY_COUNT, Integer.toString(retryCount))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                log.info(
                        "Delivered {} {} for request {} on attempt {}: {}",
                        delivery.event(),
                        delivery.deliveryId(),
                        delivery.requestId(),
                        retryCount + 1,
                        response.statusCode());
                return;
            }
            String failure = error != null ? describe(error) : "HTTP " + response.statusCode();
            if (retryCount < retryDelays.size()) {
                Duration delay = retryDelays.get(retryCount);
                log.info(
                        "Delivery {} of {} for request {} failed on attempt {} ({}), retrying in {}",
                        delivery.deliveryId(),
                        delivery.event(),
                        delivery.requestId(),
                        retryCount + 1,
                        failure,
                        delay);
                schedule(() -> attempt(delivery, body, signature, retryCount + 1), delay);
            } else {
                log.warn(
                        "Dropped delivery {} of {} for request {} after {} attempts, last: {}",
                        delivery.deliveryId(),
                        delivery.event(),
                        delivery.requestId(),
                        retryCount + 1,
                        failure);
            }
        });
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.info("Sandbox is stopping: a webhook retry is not scheduled");
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    /** One webhook on its way: its delivery id is the receiver's idempotency key. */
    public record Delivery(String deliveryId, String event, String requestId, URI url) {}
}
