package io.payrecon.requestclient;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code GET /v2/request/{requestId}}'s 200 answer leniently, field by field, instead of binding it: the OpenAPI
 * leaves most of it optional and {@code payments[]} untyped, and one odd optional field must not cost the whole
 * answer (a poll that fails is a payment found later). Only {@code hasBeenPaid}, the one field polling cannot do
 * without, must be there and be a boolean. Anything else that is absent, null or of another type than documented is
 * read as absent, with a DEBUG line naming the field (never its value: the answer may hold a customer's details).
 *
 * <p>Amounts are decimal strings (JSON numbers are taken too); a negative amount, or one of more than 38 digits before
 * or after the point, is not an amount. Times are ISO-8601 instants, with or without an offset.
 */
final class RequestStatusReader {

    private static final Logger log = LoggerFactory.getLogger(RequestStatusReader.class);

    private static final int MAX_DIGITS = 38;

    private final String requestId;

    private RequestStatusReader(String requestId) {
        this.requestId = requestId;
    }

    /** The answer cannot be read as a request's status; the message says why. */
    static final class UnreadableAnswer extends IllegalArgumentException {
        UnreadableAnswer(String message) {
            super(message);
        }
    }

    /**
     * @param requestId the request asked about, for the log
     * @throws UnreadableAnswer when the body is not an object or its {@code hasBeenPaid} is not a boolean
     */
    static RequestStatus read(String requestId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new UnreadableAnswer("the body is not a JSON object");
        }
        JsonNode paid = body.get("hasBeenPaid");
        if (paid == null || !paid.isBoolean()) {
            throw new UnreadableAnswer(
                    "hasBeenPaid is " + (paid == null ? "missing" : "a " + typeOf(paid) + ", not a boolean"));
        }
        RequestStatusReader reader = new RequestStatusReader(requestId);
        return new RequestStatus(
                reader.string(body, "requestId"),
                reader.string(body, "paymentReference"),
                paid.booleanValue(),
                reader.string(body, "txHash"),
                reader.string(body, "status"),
                reader.string(body, "reference"),
                reader.breakdown(body.get("conversionBreakdown")),
                reader.payments(body.get("payments")),
                new RequestStatus.Undocumented(
                        reader.amount(body, "requestAmount"),
                        reader.amount(body, "paidAmount"),
                        reader.amount(body, "excessAmount")));
    }

    private RequestStatus.ConversionBreakdown breakdown(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            ignored("conversionBreakdown", "a " + typeOf(node) + ", not an object");
            return null;
        }
        List<RequestStatus.BreakdownPayment> payments = new ArrayList<>();
        JsonNode items = node.get("payments");
        if (!absent(items) && !items.isArray()) {
            ignored("conversionBreakdown.payments", "a " + typeOf(items) + ", not an array");
        } else if (!absent(items)) {
            for (int i = 0; i < items.size(); i++) {
                String path = "conversionBreakdown.payments[" + i + "]";
                JsonNode item = items.get(i);
                if (!item.isObject()) {
                    ignored(path, "a " + typeOf(item) + ", not an object");
                    continue;
                }
                BigDecimal amount = amount(item, "amount", path + ".amount");
                if (amount == null) {
                    ignored(path, "no amount");
                    continue;
                }
                payments.add(new RequestStatus.BreakdownPayment(amount, instant(item, path + ".timestamp")));
            }
        }
        return new RequestStatus.ConversionBreakdown(
                amount(node, "paidAmount", "conversionBreakdown.paidAmount"),
                amount(node, "remainingAmount", "conversionBreakdown.remainingAmount"),
                payments);
    }

    /** The untyped items of {@code payments[]}: what they carry of a transaction hash, amount, currency and time. */
    private List<RequestStatus.Payment> payments(JsonNode node) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            ignored("payments", "a " + typeOf(node) + ", not an array");
            return List.of();
        }
        List<RequestStatus.Payment> payments = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "payments[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                ignored(path, "a " + typeOf(item) + ", not an object");
                continue;
            }
            String txHash = string(item, "txHash", path + ".txHash");
            BigDecimal amount = item.has("amount")
                    ? amount(item, "amount", path + ".amount")
                    : amount(item, "paidAmount", path + ".paidAmount");
            if (txHash == null && amount == null) {
                ignored(path, "neither a transaction hash nor an amount");
                continue;
            }
            String currency = item.has("currency")
                    ? string(item, "currency", path + ".currency")
                    : string(item, "paidCurrency", path + ".paidCurrency");
            payments.add(new RequestStatus.Payment(txHash, amount, currency, instant(item, path + ".timestamp")));
        }
        return payments;
    }

    private String string(JsonNode object, String field) {
        return string(object, field, field);
    }

    private String string(JsonNode object, String field, String path) {
        JsonNode node = object.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            ignored(path, "a " + typeOf(node) + ", not a string");
            return null;
        }
        String value = node.stringValue();
        return value.isBlank() ? null : value;
    }

    private BigDecimal amount(JsonNode object, String field) {
        return amount(object, field, field);
    }

    private BigDecimal amount(JsonNode object, String field, String path) {
        JsonNode node = object.get(field);
        if (absent(node)) {
            return null;
        }
        BigDecimal amount;
        if (node.isNumber()) {
            amount = node.decimalValue();
        } else if (node.isString()) {
            try {
                amount = new BigDecimal(node.stringValue().strip());
            } catch (NumberFormatException e) {
                ignored(path, "a string that is not a decimal number");
                return null;
            }
        } else {
            ignored(path, "a " + typeOf(node) + ", not a decimal string");
            return null;
        }
        if (amount.signum() < 0 || amount.precision() - amount.scale() > MAX_DIGITS || amount.scale() > MAX_DIGITS) {
            ignored(path, "not a plausible amount (negative, or more than " + MAX_DIGITS + " digits)");
            return null;
        }
        return amount;
    }

    private Instant instant(JsonNode object, String path) {
        JsonNode node = object.get("timestamp");
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            ignored(path, "a " + typeOf(node) + ", not an ISO-8601 string");
            return null;
        }
        try {
            return OffsetDateTime.parse(node.stringValue().strip()).toInstant();
        } catch (DateTimeParseException e) {
            ignored(path, "not an ISO-8601 date and time with an offset");
            return null;
        }
    }

    private void ignored(String path, String why) {
        log.debug("GET /v2/request/{}: {} ignored: {}", requestId, path, why);
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
