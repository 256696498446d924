package io.payrecon.requestclient;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The provider's webhook signature ({@code x-request-network-signature}): lowercase hex of HMAC-SHA256 over the
 * raw request body bytes, keyed with the secret string's UTF-8 bytes (not hex-decoded), no prefix.
 *
 * <p>Always sign and verify the bytes exactly as sent or received: re-serialised JSON has other bytes.
 */
public final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int HEX_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {}

    /** The signature the provider sends for {@code body}: 64 lowercase hex characters. */
    public static String sign(String secret, byte[] body) {
        return HEX.formatHex(digest(secret, body));
    }

    /**
     * One secret, ready to sign and verify many bodies: for whoever does so per request (the gateway, a load
     * generator). The key is set up once, and each body costs a copy of the keyed state plus the digest of the body,
     * not a provider lookup and the key's set-up as well. Safe for concurrent use.
     */
    public static Key key(String secret) {
        return new Key(secret);
    }

    /**
     * Whether {@code signatureHeader} is the signature of {@code body} under {@code secret}. Anything that is not
     * exactly 64 hex characters (either case) is rejected without computing anything; otherwise the decoded
     * digests are compared in constant time.
     */
    public static boolean verify(String secret, byte[] body, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.length() != HEX_LENGTH || !isHex(signatureHeader)) {
            return false;
        }
        return MessageDigest.isEqual(digest(secret, body), HEX.parseHex(signatureHeader));
    }

    /**
     * A name for a secret that is safe to store and log: the first 8 hex characters of its SHA-256. Enough to tell
     * configured secrets apart, far too little to help anyone guess one. {@code webhook.received} names the secret
     * that verified it this way, and whoever checks the signature again picks the secret by it.
     */
    public static String secretId(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    private static byte[] digest(String secret, byte[] body) {
        return keyed(secret).doFinal(body);
    }

    private static Mac keyed(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("A webhook secret is required to sign or verify a webhook");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** A secret set up for signing ({@link #key}); never shows the secret. */
    public static final class Key {

        private final String secret;
        /** Keyed and never used itself: each body is digested by a copy of it. */
        private final Mac prototype;

        private Key(String secret) {
            this.prototype = keyed(secret);
            this.secret = secret;
        }

        /** As {@link WebhookSignature#sign}. */
        public String sign(byte[] body) {
            return HEX.formatHex(digest(body));
        }

        /** As {@link WebhookSignature#verify}. */
        public boolean verify(byte[] body, String signatureHeader) {
            if (signatureHeader == null || signatureHeader.length() != HEX_LENGTH || !isHex(signatureHeader)) {
                return false;
            }
            return MessageDigest.isEqual(digest(body), HEX.parseHex(signatureHeader));
        }

        private byte[] digest(byte[] body) {
            Mac mac;
            try {
                mac = (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // A provider whose HMAC cannot be copied: set the key up again.
                mac = keyed(secret);
            }
            return mac.doFinal(body);
        }

        @Override
        public String toString() {
            return "WebhookSignature.Key[" + secretId(secret) + "]";
        }
    }
}
