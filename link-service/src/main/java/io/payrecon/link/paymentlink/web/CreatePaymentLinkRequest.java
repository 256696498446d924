package io.payrecon.link.paymentlink.web;

import io.payrecon.link.LinkProperties;
import io.payrecon.link.paymentlink.LinkOrder;
import io.payrecon.requestclient.Destination;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/payment-links} as it arrives. {@link #validate} checks every field at once, so a
 * client learns all its mistakes from one answer.
 *
 * <p>Every link collects to link-service's configured destination, the one the provider resolves from our credential
 * (its OpenAPI file: the destination is always resolved server-side; the older {@code payee}/{@code invoiceCurrency}/
 * {@code paymentCurrency} item shape is not in it). Those fields are still accepted, as a check: an order whose payee
 * or currencies differ from the destination is refused, rather than collected to a wallet the merchant did not mean.
 * The amount may have no more decimals than the destination's token has.
 *
 * @param amount a decimal string greater than zero, such as {@code "10.50"}
 * @param reference defaults to the order id
 */
@Schema(
        description = "An order's payment link, as asked for. Every link collects to link-service's configured payee "
                + "destination: the payment target fields, when sent, must name that one.")
record CreatePaymentLinkRequest(
        @Schema(
                requiredMode = RequiredMode.REQUIRED,
                description = "The order's id: one link per order",
                pattern = "^[A-Za-z0-9._:-]{1,64}$",
                example = "order-1001")
        String orderId,

        @Schema(
                requiredMode = RequiredMode.REQUIRED,
                description = "What the order costs, in the destination's token: a decimal string greater "
                        + "than 0, with at most as many decimals as the token has",
                format = "decimal",
                pattern = "^[0-9]{1,18}(\\.[0-9]{1,18})?$",
                example = "10.50")
        String amount,

        @Schema(
                description = "The payee destination (wallet@eip155:<chain id>#<8 hex>:<token address>): "
                        + "link-service's own, or left out")
        String destinationId,

        @Schema(description = "The payee wallet: the destination's, or left out")
        String payee,

        @Schema(description = "The destination's token (amounts are in it), or left out", example = "USDC")
        String invoiceCurrency,

        @Schema(description = "The destination's token, optionally -<network>, or left out", example = "USDC-sepolia")
        String paymentCurrency,

        @Schema(description = "The payer sees it; 1-255 characters; defaults to the order id", maxLength = 255)
        String reference,

        @Schema(description = "Who pays, as the merchant knows them; 1-255 characters", maxLength = 255)
        String payerIdentifier,

        @Schema(
                description = "Where the payer may go once paid: absolute http(s), no whitespace or < > \" ' `",
                format = "uri",
                maxLength = 2048,
                example = "https://shop.example.com/thanks")
        String redirectUrl,

        @Schema(
                description =
                        "The redirect button's label; only with redirectUrl; 1-255 characters, no " + "< > & \" ' `",
                maxLength = 255)
        String redirectLabel,

        @Schema(description = "At most 20 entries; keys 1-40 characters, values strings of at most 500")
        Map<String, String> metadata) {

    static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,18}(\\.\\d{1,18})?");
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

    LinkOrder validate(LinkProperties.PayeeDestination destination) {
        List<Violation> violations = new ArrayList<>();
        if (orderId == null || orderId.isEmpty()) {
            violations.add(new Violation("orderId", "is required"));
        } else if (!ORDER_ID.matcher(orderId).matches()) {
            violations.add(new Violation("orderId", "must be 1-64 characters of A-Z a-z 0-9 . _ : -"));
        }
        BigDecimal parsedAmount = amount(violations, destination);
        Destination target = destination.parsed();
        if (present(destinationId)) {
            if (!Destination.SHAPE.matcher(destinationId).matches()) {
                violations.add(new Violation(
                        "destinationId",
                        "must look like wallet@eip155:<chain id>#<8 hex checksum>:<token address>, "
                                + "copied from the Request Network dashboard"));
            } else if (!destinationId.equals(target.id())) {
                violations.add(new Violation(
                        "destinationId",
                        "is not link-service's payee destination " + target.id() + " (LINKS_DESTINATION_ID, the one "
                                + "bound to our provider credential, where every link collects): leave it out, or "
                                + "send that one"));
            }
        }
        if (present(payee) && !payee.equalsIgnoreCase(target.wallet())) {
            violations.add(new Violation(
                    "payee",
                    "is not the wallet of link-service's payee destination (" + target.wallet() + ", on "
                            + target.network() + "): every link collects there; leave payee out, or send that one"));
        }
        if (present(invoiceCurrency) && !invoiceCurrency.equalsIgnoreCase(destination.currency())) {
            violations.add(new Violation(
                    "invoiceCurrency",
                    "is " + invoiceCurrency + ", but amounts are in the destination's token, " + destination.currency()
                            + ": the provider converts nothing at creation; convert the amount first, or leave "
                            + "invoiceCurrency out"));
        }
        if (present(paymentCurrency) && !paysIn(paymentCurrency, destination.currency(), target.network())) {
            violations.add(new Violation(
                    "paymentCurrency",
                    "is " + paymentCurrency + ", but link-service's destination is paid in " + destination.currency()
                            + " on " + target.network() + ": leave paymentCurrency out, or send "
                            + destination.currency() + " or " + destination.currency() + "-" + target.network()));
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
                target.id(),
                target.wallet(),
                destination.currency(),
                destination.currency(),
                reference == null ? orderId : reference,
                payerIdentifier,
                redirectUrl,
                redirectLabel,
                metadata == null ? Map.of() : new LinkedHashMap<>(metadata));
    }

    /** {@code USDC} or {@code USDC-base}, any case, for a destination paid in USDC on base. */
    private static boolean paysIn(String paymentCurrency, String currency, String network) {
        return paymentCurrency.equalsIgnoreCase(currency) || paymentCurrency.equalsIgnoreCase(currency + "-" + network);
    }

    private BigDecimal amount(List<Violation> violations, LinkProperties.PayeeDestination destination) {
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
        if (parsed.stripTrailingZeros().scale() > destination.decimals()) {
            violations.add(new Violation(
                    "amount",
                    "has " + parsed.stripTrailingZeros().scale() + " decimals, but " + destination.currency()
                            + " has only " + destination.decimals() + ": round it to at most "
                            + destination.decimals() + " decimals"));
            return null;
        }
        return parsed;
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
        } catch (URISyntaxException e) {
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
