package io.payrecon.requestclient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The id a delivery is known by, safe to store as a key: the provider's {@code x-request-network-delivery} (a ULID)
 * when it is one of up to {@value #MAX_LENGTH} characters from {@code [A-Za-z0-9._:-]}; otherwise an id derived from
 * what was sent, so that every retry of one delivery still gets one id. The header is not signed: anyone who holds one
 * signed body can send it with any header, and a 4,000-character id must neither break an index nor stall a
 * partition. The raw header stays in the event's headers for whoever needs it.
 */
public final class DeliveryIds {

    /** Longest id taken as sent; the provider's ULIDs have 26 characters. */
    public static final int MAX_LENGTH = 128;

    /** Prefix of an id derived from the body, for a delivery sent without one. */
    public static final String FROM_BODY = "sha256:";

    /** Prefix of an id derived from a header that is too long or has other characters. */
    public static final String FROM_HEADER = "header-sha256:";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private DeliveryIds() {}

    /**
     * @param header the delivery header as sent, or null
     * @param body the raw body, for a delivery without the header
     */
    public static String of(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return FROM_BODY + sha256Hex(body);
        }
        return safe(header.strip());
    }

    /** The id itself when it is safe to store, else one derived from it (the same for the same id). */
    public static String safe(String id) {
        return isSafe(id) ? id : FROM_HEADER + sha256Hex(id.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean isSafe(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
