package io.payrecon.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A signed provider delivery, appended before the gateway answered 2xx.
 *
 * <p>{@code body} holds the raw request bytes exactly as received (base64 on the wire), so a signature can
 * be checked again and any replay starts from the original. {@code event}, {@code requestId} and
 * {@code test} are what the gateway could read cheaply; they are absent when the body is not JSON.
 *
 * @param deliveryId the provider's {@code x-request-network-delivery}, or one derived from the body when absent
 * @param headers the provider's {@code x-request-network-*} and {@code content-type} headers, lower-cased
 * @param secretId which configured webhook secret verified the signature
 */
public record WebhookReceived(
        UUID eventId,
        Instant occurredAt,
        String deliveryId,
        String event,
        String requestId,
        boolean test,
        int retryCount,
        String secretId,
        Map<String, String> headers,
        byte[] body)
        implements WebhookEvent {

    public WebhookReceived {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** Keyed by request id so one payment's deliveries stay in order; by delivery id when there is none. */
    @Override
    public String key() {
        return requestId != null ? requestId : deliveryId;
    }

    /** This delivery under another id (one made safe to store, say); everything else as it is. */
    public WebhookReceived withDeliveryId(String deliveryId) {
        return new WebhookReceived(
                eventId, occurredAt, deliveryId, event, requestId, test, retryCount, secretId, headers, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookReceived that
                && test == that.test
                && retryCount == that.retryCount
                && eventId.equals(that.eventId)
                && occurredAt.equals(that.occurredAt)
                && deliveryId.equals(that.deliveryId)
                && Objects.equals(event, that.event)
                && Objects.equals(requestId, that.requestId)
                && Objects.equals(secretId, that.secretId)
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, deliveryId) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "WebhookReceived[eventId=%s, deliveryId=%s, event=%s, requestId=%s, test=%s, %d bytes]"
                .formatted(eventId, deliveryId, event, requestId, test, body.length);
    }
}
