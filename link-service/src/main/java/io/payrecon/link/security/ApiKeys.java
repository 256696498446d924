package io.payrecon.link.security;

import io.payrecon.link.LinkProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The accepted API keys, as SHA-256 hashes. A candidate is hashed and compared with every hash in constant time,
 * so neither the comparison nor which key matched shows in the timing.
 */
@Component
final class ApiKeys {

    private final List<byte[]> hashes;

    ApiKeys(LinkProperties properties) {
        this.hashes = properties.apiKeys().stream().map(ApiKeys::sha256).toList();
    }

    boolean accepts(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return false;
        }
        byte[] hash = sha256(candidate);
        boolean accepted = false;
        for (byte[] known : hashes) {
            accepted |= MessageDigest.isEqual(known, hash);
        }
        return accepted;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
