package io.payrecon.reconciler.order;

import io.payrecon.events.WebhookReceived;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.requestclient.WebhookHeaders;
import io.payrecon.requestclient.WebhookSignature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks the provider's signature of every {@code webhook.received} again, before anything of it is applied: the log
 * is a trust boundary, and a record written to {@code payments.webhooks.v1} by anyone but the gateway (or changed on
 * the way) must not make an order paid. The record carries the raw body, the provider's signature header and the id
 * of the secret the gateway verified it with ({@link WebhookSignature#secretId}); the reconciler holds the same
 * secrets ({@code WEBHOOK_SECRET}) and checks with the one named.
 */
@Component
class WebhookSignatures {

    private final Map<String, WebhookSignature.Key> keysById = new LinkedHashMap<>();

    @Autowired
    WebhookSignatures(ReconcilerProperties properties) {
        this(properties.webhookSecrets());
    }

    WebhookSignatures(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("At least one webhook secret is required");
        }
        secrets.forEach(secret -> keysById.put(WebhookSignature.secretId(secret), WebhookSignature.key(secret)));
    }

    /** Why the webhook is not authentic, or empty when its signature verifies with the secret it names. */
    Optional<String> problemOf(WebhookReceived webhook) {
        WebhookSignature.Key key = webhook.secretId() == null ? null : keysById.get(webhook.secretId());
        if (key == null) {
            return Optional.of("delivery %s names webhook secret %s, which is not among this reconciler's (%s):"
                            .formatted(webhook.deliveryId(), webhook.secretId(), String.join(", ", keysById.keySet()))
                    + " add it to WEBHOOK_SECRET (as the gateway has it), then retry this dead letter");
        }
        String signature = webhook.headers().get(WebhookHeaders.SIGNATURE);
        if (!key.verify(webhook.body(), signature)) {
            return Optional.of(
                    "delivery %s: the signature does not verify with webhook secret %s, so the record did not"
                                    .formatted(webhook.deliveryId(), webhook.secretId())
                            + " come from the provider through the gateway; nothing of it was applied");
        }
        return Optional.empty();
    }
}
