package io.payrecon.sandbox.webhook;

import io.payrecon.requestclient.WebhookHeaders;
import io.payrecon.requestclient.WebhookSignature;
import io.payrecon.sandbox.SandboxProperties;
import io.payrecon.sandbox.clock.SandboxClock;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Delivers webhooks the way the provider does (request-network-api.md §4): signed over the raw body, a delivery id
 * (ULID) that stays the same on every retry, {@code x-request-network-retry-count} 0 to 3,
 * {@code x-request-network-test: true} on test deliveries, retries after {@code sandbox.delivery.retry-delays} (1 s,
 * 5 s, 15 s), a timeout per attempt, any 2xx a success, and after the last retry the delivery is dropped for good.
 * Asynchronous: {@link #deliver} returns at once. The {@link DeliveryFaults} in force ({@link FaultState}) can
 * duplicate, reorder, delay or drop deliveries; every delivery and attempt is recorded in the {@link DeliveryLog}.
 */
@Component
public class WebhookSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final URI webhookUrl;
    private final String secret;
    private final List<Duration> retryDelays;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final DeliveryLog deliveries;
    private final SandboxClock clock;

    private final FaultState<Outgoing> faults = new FaultState<>();

    WebhookSender(SandboxProperties properties, DeliveryLog deliveries, SandboxClock clock) {
        this.webhookUrl = properties.webhookUrl();
        this.secret = properties.webhookSecret();
        this.retryDelays = properties.delivery().retryDelays();
        this.timeout = properties.delivery().timeout();
        this.deliveries = deliveries;
        this.clock = clock;
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

    /** One webhook on its way: its delivery id is the receiver's idempotency key. */
    public record Delivery(String deliveryId, String event, String requestId, URI url) {}

    /** A delivery with its bytes, as sent on every attempt. */
    private record Outgoing(
            DeliveryLog.Entry entry,
            byte[] body,
            String signature,
            boolean test,
            DeliveryFaults.Duplicate duplicate,
            AtomicBoolean duplicated) {}

    /**
     * Starts delivering one webhook.
     *
     * @param event the body's {@code event}, for the logs
     * @param requestId the body's request id, for the logs
     * @param body the exact bytes to send and sign
     */
    public Delivery deliver(String event, String requestId, byte[] body) {
        return send(event, requestId, body, false);
    }

    /** Starts delivering a test webhook: {@code x-request-network-test: true}, like the dashboard's test button. */
    public Delivery deliverTest(String event, String requestId, byte[] body) {
        return send(event, requestId, body, true);
    }

    /** Puts these delivery faults in force (replacing the previous ones); held deliveries wait for a full batch. */
    public void configure(DeliveryFaults faults) {
        List<Outgoing> release = released(this.faults.configure(faults));
        log.info("Delivery faults now {}", faults);
        dispatch(release, Duration.ZERO);
    }

    /** Back to delivering like the provider; deliveries still held by the reorder fault go out now, newest first. */
    public void resetFaults() {
        List<Outgoing> release = released(faults.reset());
        log.info("Delivery faults reset; releasing {} held deliveries", release.size());
        dispatch(release, Duration.ZERO);
    }

    /** The faults in force; {@code drop} is what remains to be dropped. */
    public DeliveryFaults faults() {
        return faults.current();
    }

    /** How many deliveries the reorder fault holds back right now. */
    public int held() {
        return faults.held();
    }

    private Delivery send(String event, String requestId, byte[] body, boolean test) {
        List<Outgoing> now;
        FaultState.Treatment treatment;
        DeliveryLog.Entry entry;
        synchronized (faults) {
            // The faults in force decide how the delivery is recorded from its first moment.
            treatment = faults.next();
            entry = deliveries.create(event, requestId, test, null, treatment.touched(), treatment.status());
            if (treatment.drop()) {
                log.info("Dropped {} {} for request {} (drop fault)", event, entry.deliveryId(), requestId);
                return new Delivery(entry.deliveryId(), event, requestId, webhookUrl);
            }
            Outgoing outgoing = new Outgoing(
                    entry,
                    body.clone(),
                    WebhookSignature.sign(secret, body),
                    test,
                    treatment.duplicate(),
                    new AtomicBoolean());
            if (treatment.reorder() > 1) {
                now = released(faults.hold(outgoing, treatment.reorder()));
                log.info(
                        "Holding {} {} for request {} ({} of {} for the reorder fault)",
                        event,
                        entry.deliveryId(),
                        requestId,
                        now.isEmpty() ? faults.held() : treatment.reorder(),
                        treatment.reorder());
                if (now.isEmpty()) {
                    return new Delivery(entry.deliveryId(), event, requestId, webhookUrl);
                }
            } else {
                now = List.of(outgoing);
            }
        }
        log.info("Delivering {} {} for request {} to {}", event, entry.deliveryId(), requestId, webhookUrl);
        dispatch(now, treatment.delay());
        return new Delivery(entry.deliveryId(), event, requestId, webhookUrl);
    }

    /** Deliveries the reorder fault lets go: recorded as released, to be sent in this order. */
    private List<Outgoing> released(List<Outgoing> batch) {
        batch.forEach(outgoing -> deliveries.released(outgoing.entry()));
        return batch;
    }

    /** First attempts one after the other, in the given order, so the receiver sees them in that order. */
    private void dispatch(List<Outgoing> batch, Duration delay) {
        if (batch.isEmpty()) {
            return;
        }
        schedule(
                () -> {
                    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                    for (Outgoing outgoing : batch) {
                        chain = chain.thenCompose(done -> attempt(outgoing, 0));
                    }
                },
                delay);
    }

    /** One attempt; the future completes when it was answered, failed or timed out (retries are scheduled). */
    private CompletableFuture<Void> attempt(Outgoing outgoing, int retryCount) {
        DeliveryLog.Entry entry = outgoing.entry();
        HttpRequest.Builder request = HttpRequest.newBuilder(webhookUrl)
                .timeout(timeout)
                .header("content-type", "application/json")
                .header(WebhookHeaders.SIGNATURE, outgoing.signature())
                .header(WebhookHeaders.DELIVERY, entry.deliveryId())
                .header(WebhookHeaders.RETRY_COUNT, Integer.toString(retryCount));
        if (outgoing.test()) {
            request.header(WebhookHeaders.TEST, "true");
        }
        Instant at = clock.instant();
        long started = System.nanoTime();
        return http.sendAsync(
                        request.POST(HttpRequest.BodyPublishers.ofByteArray(outgoing.body()))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    boolean delivered = error == null && response.statusCode() / 100 == 2;
                    String outcome = error != null ? describe(error) : "HTTP " + response.statusCode();
                    answered(
                            outgoing,
                            retryCount,
                            new DeliveryLog.View.Attempt(retryCount, at, outcome, millis),
                            delivered);
                    return null;
                });
    }

    private void answered(Outgoing outgoing, int retryCount, DeliveryLog.View.Attempt attempt, boolean delivered) {
        DeliveryLog.Entry entry = outgoing.entry();
        boolean retry = !delivered && retryCount < retryDelays.size();
        deliveries.attempted(
                entry,
                attempt,
                delivered
                        ? DeliveryLog.Status.DELIVERED
                        : retry ? DeliveryLog.Status.RETRYING : DeliveryLog.Status.FAILED);
        if (delivered) {
            log.info(
                    "Delivered {} {} for request {} on attempt {}: {}",
                    entry.event(),
                    entry.deliveryId(),
                    entry.requestId(),
                    retryCount + 1,
                    attempt.outcome());
            if (outgoing.duplicate() == DeliveryFaults.Duplicate.SAME_ID
                    && retryCount < retryDelays.size()
                    && outgoing.duplicated().compareAndSet(false, true)) {
                log.info(
                        "Sending {} {} again with the same delivery id (duplicate fault)",
                        entry.event(),
                        entry.deliveryId());
                schedule(() -> attempt(outgoing, retryCount + 1), Duration.ZERO);
            }
        } else if (retry) {
            Duration delay = retryDelays.get(retryCount);
            log.info(
                    "Delivery {} of {} for request {} failed on attempt {} ({}), retrying in {}",
                    entry.deliveryId(),
                    entry.event(),
                    entry.requestId(),
                    retryCount + 1,
                    attempt.outcome(),
                    delay);
            schedule(() -> attempt(outgoing, retryCount + 1), delay);
        } else {
            log.warn(
                    "Dropped delivery {} of {} for request {} after {} attempts, last: {}",
                    entry.deliveryId(),
                    entry.event(),
                    entry.requestId(),
                    retryCount + 1,
                    attempt.outcome());
        }
        if (retryCount == 0
                && outgoing.duplicate() == DeliveryFaults.Duplicate.NEW_ID
                && outgoing.duplicated().compareAndSet(false, true)) {
            sendCopy(outgoing);
        }
    }

    /** The second delivery of the {@code new-id} duplicate fault: same bytes, its own delivery id. */
    private void sendCopy(Outgoing original) {
        DeliveryLog.Entry first = original.entry();
        DeliveryLog.Entry entry = deliveries.create(
                first.event(),
                first.requestId(),
                original.test(),
                first.deliveryId(),
                List.of("duplicate:new-id"),
                DeliveryLog.Status.PENDING);
        log.info(
                "Delivering {} again as {} for request {} (duplicate of {})",
                first.event(),
                entry.deliveryId(),
                first.requestId(),
                first.deliveryId());
        Outgoing copy = new Outgoing(
                entry,
                original.body(),
                original.signature(),
                original.test(),
                DeliveryFaults.Duplicate.NONE,
                new AtomicBoolean(true));
        schedule(() -> attempt(copy, 0), Duration.ZERO);
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.info("Sandbox is stopping: a webhook attempt is not scheduled");
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return cause.getClass().getSimpleName();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
