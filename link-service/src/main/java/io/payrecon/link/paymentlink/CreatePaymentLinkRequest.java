package io.payrecon.link.paymentlink;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/payment-links} as it arrives. {@link #validate()} checks every field at once, so a
 * client learns all its mistakes from one answer.
 *
 * @param amount a decimal string greater than zero, such as {@code "10.50"}
 * @param reference defaults to the order id
 */
record CreatePaymentLinkRequest(
        String orderId,
        String amount,
        String destinationId,
        String payee,
        String invoiceCurrency,
        String paymentCurrency,
        String reference,
        String payerIdentifier,
        String redirectUrl,
        String redirectLabel,
        Map<String, String> metadata) {

    static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,18}(\\.\\d{1,18})?");
    /** {@code wallet@eip155:<chain id>#<8 hex checksum>:<token address>}: only the shape, the value is opaque. */
    static final Pattern DESTINATION_ID = Pattern.compile("[^@\\s:]+@eip155:\\d+#[0-9A-Fa-f]{8}:[A-Za-z0-9]+");
    /** The provider's rule for redirectUrl: no {@code < > " ' `} and no whitespace. */
    private static final Pattern UNSAFE_IN_URL = Pattern.compile("[<>\"'`\\s]");
    /** The provider's rule for redirectLabel (its OpenAPI pattern {@code ^[^<>&"'`]*$}). */
    private static final Pattern UNSAFE_IN_LABEL = Pattern.compile("[<>&\"'`]");

    private static final int MAX_TEXT = 255;
    private static final int MAX_URL = 2048;
    static final int MAX_METADATA_ENTRIES = 20;
    static final int MAX_METADATA_KEY = 40;
    static final int MAX_METADATA_VALUE = 500;

    /** One field that is not acceptable, and why. */
    record Violation(String field, String message) {}

    /** The request had invalid fields: all of them are listed. */
    static final class InvalidRequestException extends RuntimeException {
        private final List<Violation> violations;

        InvalidRequestException(List<Violation> violations) {
            super(violations.size() + " invalid field(s): "
                    + violations.stream().map(Violation::field).toList());
            this.violations = List.copyOf(violations);
        }

        List<Violation> violations() {
            return violations;
        }
    }

    LinkOrder validate() {
        List<Violation> violations = new ArrayList<>();
        if (orderId == null || orderId.isEmpty()) {
            violations.add(new Violation("orderId", "is required"));
        } else if (!ORDER_ID.matcher(orderId).matches()) {
            violations.add(new Violation("orderId", "must be 1-64 characters of A-Z a-z 0-9 . _ : -"));
        }
        BigDecimal parsedAmount = amount(violations);
        boolean hasPayee = present(payee) || present(invoiceCurrency) || present(paymentCurrency);
        if (present(destinationId)) {
            if (!DESTINATION_ID.matcher(destinationId).matches()) {
                violations.add(new Violation(
                        "destinationId",
                        "must look like wallet@eip155:<chain id>#<8 hex checksum>:<token address>, "
                                + "copied from the Request Network dashboard"));
            }
            if (hasPayee) {
                violations.add(new Violation(
                        "destinationId",
                        "cannot be combined with payee, invoiceCurrency and paymentCurrency: send one or the other"));
            }
        } else if (hasPayee) {
            requireWithPayee(violations, "payee", payee);
            requireWithPayee(violations, "invoiceCurrency", invoiceCurrency);
            requireWithPayee(violations, "paymentCurrency", paymentCurrency);
        }
        checkText(violations, "destinationId", destinationId);
        checkText(violations, "payee", payee);
        checkText(violations, "invoiceCurrency", invoiceCurrency);
        checkText(violations, "paymentCurrency", paymentCurrency);
        checkText(violations, "reference", reference);
        checkText(violations, "payerIdentifier", payerIdentifier);
        if (checkText(violations, "redirectLabel", redirectLabel)
                && UNSAFE_IN_LABEL.matcher(redirectLabel).find()) {
            violations.add(new Violation("redirectLabel", "must not contain < > & \" ' or `"));
        }
        if (redirectUrl != null && !validRedirectUrl(redirectUrl)) {
            violations.add(new Violation(
                    "redirectUrl",
                    "must be an absolute http(s) URL of at most " + MAX_URL
                            + " characters without whitespace, < > \" ' or `"));
        }
        if (redirectLabel != null && redirectUrl == null) {
            violations.add(new Violation("redirectLabel", "is only allowed together with redirectUrl"));
        }
        checkMetadata(violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new LinkOrder(
                orderId,
                parsedAmount,
                destinationId,
                payee,
                invoiceCurrency,
                paymentCurrency,
                reference == null ? orderId : reference,
                payerIdentifier,
                redirectUrl,
                redirectLabel,
                metadata == null ? Map.of() : new LinkedHashMap<>(metadata));
    }

    private BigDecimal amount(List<Violation> violations) {
        if (amount == null || amount.isEmpty()) {
            violations.add(new Violation("amount", "is required, as a decimal string such as \"10.50\""));
            return null;
        }
        if (!AMOUNT.matcher(amount).matches()) {
            violations.add(new Violation(
                    "amount", "must be a decimal string such as \"10.50\" (digits, optionally a point and decimals)"));
            return null;
        }
        BigDecimal parsed = new BigDecimal(amount);
        if (parsed.signum() <= 0) {
            violations.add(new Violation("amount", "must be greater than 0"));
            return null;
        }
        return parsed;
    }

    private static void requireWithPayee(List<Violation> violations, String field, String value) {
        if (!present(value)) {
            violations.add(
                    new Violation(field, "is required when any of payee, invoiceCurrency or paymentCurrency is given"));
        }
    }

    /** 1-255 characters, not blank, when given; answers whether the value is there and acceptable so far. */
    private static boolean checkText(List<Violation> violations, String field, String value) {
        if (value == null) {
            return false;
        }
        if (value.isBlank()) {
            violations.add(new Violation(field, "must not be blank when given"));
            return false;
        }
        if (value.length() > MAX_TEXT) {
            violations.add(new Violation(field, "must be at most " + MAX_TEXT + " characters"));
            return false;
        }
        return true;
    }

    private static boolean validRedirectUrl(String value) {
        if (value.length() > MAX_URL || UNSAFE_IN_URL.matcher(value).find()) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** At most 20 entries; keys 1-40 characters, values strings of at most 500: each bad entry is listed. */
    private void checkMetadata(List<Violation> violations) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            violations.add(new Violation(
                    "metadata", "must have at most " + MAX_METADATA_ENTRIES + " entries, has " + metadata.size()));
        }
        metadata.forEach((key, value) -> {
            if (key.isBlank() || key.length() > MAX_METADATA_KEY) {
                violations.add(new Violation(
                        "metadata",
                        "keys must be 1-" + MAX_METADATA_KEY + " non-blank characters, got '" + shorten(key) + "' ("
                                + key.length() + " characters)"));
            }
            if (value == null) {
                violations.add(new Violation("metadata." + shorten(key), "must be a string, not null"));
            } else if (value.length() > MAX_METADATA_VALUE) {
                violations.add(new Violation(
                        "metadata." + shorten(key),
                        "must be at most " + MAX_METADATA_VALUE + " characters, has " + value.length()));
            }
        });
    }

    private static String shorten(String key) {
        return key.length() <= MAX_METADATA_KEY ? key : key.substring(0, MAX_METADATA_KEY) + "…";
    }

    private static boolean present(String value) {
        return value != null;
    }
}
