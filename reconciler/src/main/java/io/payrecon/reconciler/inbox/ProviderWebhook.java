package io.payrecon.reconciler.inbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of a provider webhook body the reconciler uses (request-network-api.md §4). Unknown fields are
 * ignored, as the provider may add some at any time.
 *
 * @param event the provider's event type, such as {@code payment.confirmed.checkout}
 * @param requestId {@code requestId}, or the older spelling {@code requestID} when it is absent
 * @param refundAmount what a {@code payment.refunded} gave back
 * @param refundedTo the wallet a {@code payment.refunded} gave it back to
 * @param timestamp when the provider says it happened; {@code null} when absent or not a time
 */
public record ProviderWebhook(
        String event,
        String requestId,
        BigDecimal amount,
        BigDecimal totalAmountPaid,
        BigDecimal refundAmount,
        String refundedTo,
        String txHash,
        String currency,
        String subStatus,
        Instant timestamp) {

    /** Sent in addition to the core event for the same payment: they report it again, they are not a new one. */
    private static final String[] VARIANT_SUFFIXES = {".client_id", ".checkout"};

    /** Amounts with more digits than this before or after the point are not money but a malformed body. */
    private static final int MAX_PRECISION = 38;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Reads the raw body bytes exactly as the provider sent them.
     *
     * @throws MalformedWebhookException when the body is not a JSON object or an amount is not a decimal
     */
    public static ProviderWebhook parse(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedWebhookException("The webhook body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedWebhookException("The webhook body is not a JSON object");
        }
        String requestId = text(root, "requestId");
        return new ProviderWebhook(
                text(root, "event"),
                requestId != null ? requestId : text(root, "requestID"),
                amount(root, "amount"),
                amount(root, "totalAmountPaid"),
                amount(root, "refundAmount"),
                text(root, "refundedTo"),
                text(root, "txHash"),
                text(root, "currency"),
                text(root, "subStatus"),
                instant(text(root, "timestamp")));
    }

    /** The event type without its {@code .client_id} / {@code .checkout} suffix: the kind of the payment. */
    public String kind() {
        if (event == null) {
            return null;
        }
        for (String suffix : VARIANT_SUFFIXES) {
            if (event.endsWith(suffix)) {
                return event.substring(0, event.length() - suffix.length());
            }
        }
        return event;
    }

    /**
     * What tells this payment apart from the other payments of its request and kind: with its request id and kind,
     * the payment's business key, the same for every delivery that reports it (the {@code .client_id} and
     * {@code .checkout} variants, a re-send under a new delivery id, a replay).
     *
     * <ul>
     *   <li>A payment: its transaction hash.
     *   <li>A refund ({@code payment.refunded} carries no transaction hash of its own, request-network-api.md §4):
     *       a digest of what makes it that refund, its amount, the wallet it went to and its time (and the
     *       transaction hash should the provider add one). Two refunds of one request differ in at least one of
     *       them; a re-sent refund has them all equal.
     *   <li>Anything else without a transaction hash ({@code payment.failed}, a payment report missing its hash): a
     *       digest of every field read from it ({@code amount}, {@code totalAmountPaid}, {@code subStatus},
     *       {@code timestamp}, …). Reports that agree on all of them say the same thing, so counting them once
     *       loses nothing.
     * </ul>
     *
     * Amounts count by value ({@code 100.0} is {@code 100}) and wallets regardless of case. Digests are SHA-256, hex,
     * prefixed with what they digest, so a key has a bounded size whatever the body holds.
     */
    public String paymentRef() {
        if ("payment.refunded".equals(kind())) {
            return "refund:" + digest(refundAmount, refundedTo, timestamp, txHash);
        }
        if (txHash != null) {
            return txHash;
        }
        return "content:" + digest(amount, totalAmountPaid, refundAmount, refundedTo, subStatus, currency, timestamp);
    }

    private static String digest(Object... fields) {
        StringBuilder canonical = new StringBuilder();
        for (Object field : fields) {
            String value;
            if (field == null) {
                value = "";
            } else if (field instanceof BigDecimal decimal) {
                value = decimal.signum() == 0
                        ? "0"
                        : decimal.stripTrailingZeros().toPlainString();
            } else {
                value = field.toString().toLowerCase(Locale.ROOT);
            }
            // length-prefixed: no value can pass for two
            canonical.append(value.length()).append(':').append(value).append(';');
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A time is informative only (it can raise paidAfterExpiry): one that cannot be read is left out. */
    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String value = node.isString() ? node.stringValue() : node.toString();
        if (value.indexOf('\u0000') >= 0) {
            throw new MalformedWebhookException("The webhook's " + field + " contains a NUL character");
        }
        return value.isBlank() ? null : value;
    }

    private static BigDecimal amount(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null
                || node.isNull()
                || (node.isString() && node.stringValue().isBlank())) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isString()) {
            try {
                value = new BigDecimal(node.stringValue().strip());
            } catch (NumberFormatException e) {
                throw new MalformedWebhookException(
                        "The webhook's " + field + " is not a decimal amount: \"" + node.stringValue() + "\"", e);
            }
        } else {
            throw new MalformedWebhookException("The webhook's " + field + " is not a decimal amount: " + node);
        }
        boolean tooLarge = value.precision() - value.scale() > MAX_PRECISION;
        if (value.signum() < 0 || tooLarge || value.scale() > MAX_PRECISION) {
            throw new MalformedWebhookException("The webhook's " + field + " is not a plausible amount: " + value);
        }
        return value;
    }
}
