package io.payrecon.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * A set of accepted keys, kept only as SHA-256 hashes. A presented key is hashed and compared with every accepted
 * hash in constant time, so neither the comparison nor which key matched tells how close a guess was.
 */
public final class ApiKeys {

    private final List<byte[]> hashes;

    private ApiKeys(List<byte[]> hashes) {
        this.hashes = hashes;
    }

    /** @throws IllegalArgumentException when there is no key: a guard that accepts nothing is a mistake */
    public static ApiKeys of(Collection<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("At least one key is required");
        }
        return new ApiKeys(keys.stream().map(ApiKeys::sha256).toList());
    }

    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] hash = sha256(presented);
        boolean accepted = false;
        for (byte[] candidate : hashes) {
            accepted |= MessageDigest.isEqual(candidate, hash);
        }
        return accepted;
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
