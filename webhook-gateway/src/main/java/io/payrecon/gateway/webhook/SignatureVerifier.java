package io.payrecon.gateway.webhook;

import io.payrecon.gateway.GatewayProperties;
import io.payrecon.requestclient.WebhookSignature;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks a delivery's signature against every configured webhook secret, so an old and a new secret both work
 * while the provider's secret is rotated. Tells which one matched by its id, never by the secret itself.
 */
@Component
class SignatureVerifier {

    private final List<Secret> secrets;

    @Autowired
    SignatureVerifier(GatewayProperties properties) {
        this(properties.webhookSecrets());
    }

    SignatureVerifier(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("At least one webhook secret is required");
        }
        this.secrets = secrets.stream().map(Secret::new).toList();
    }

    /**
     * The id of the secret the signature was made with, or empty when no configured secret made it (or the header
     * is not 64 hex characters). Every secret is tried, so the time taken does not tell which one matched.
     */
    Optional<String> verify(byte[] body, String signatureHeader) {
        if (signatureHeader == null) {
            return Optional.empty();
        }
        String matched = null;
        for (Secret secret : secrets) {
            if (secret.key.verify(body, signatureHeader) && matched == null) {
                matched = secret.id;
            }
        }
        return Optional.ofNullable(matched);
    }

    List<String> secretIds() {
        return secrets.stream().map(Secret::id).toList();
    }

    private record Secret(String id, WebhookSignature.Key key) {

        Secret(String value) {
            this(WebhookSignature.secretId(value), WebhookSignature.key(value));
        }

        @Override
        public String toString() {
            return "Secret[" + id + "]";
        }
    }
}
