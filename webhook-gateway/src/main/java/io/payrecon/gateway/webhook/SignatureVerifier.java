package io.payrecon.gateway.webhook;

import io.payrecon.gateway.GatewayProperties;
import io.payrecon.requestclient.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
            if (WebhookSignature.verify(secret.value, body, signatureHeader) && matched == null) {
                matched = secret.id;
            }
        }
        return Optional.ofNullable(matched);
    }

    List<String> secretIds() {
        return secrets.stream().map(Secret::id).toList();
    }

    /**
     * A name for a secret that is safe to store and log: the first 8 hex characters of its SHA-256. Enough to tell
     * the configured secrets apart, far too little to help anyone guess one.
     */
    static String idOf(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record Secret(String id, String value) {

        Secret(String value) {
            this(idOf(value), value);
        }

        @Override
        public String toString() {
            return "Secret[" + id + "]";
        }
    }
}
