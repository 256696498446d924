package io.payrecon.sandbox.payment;

import io.payrecon.sandbox.SandboxProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The provider's rules for a {@code POST /v2/secure-payments} body (request-network-api.md §2 and its OpenAPI
 * description), with messages in the style of its validator, such as {@code requests.0.amount must be a string}.
 */
final class SecurePaymentValidation {

    static final int MAX_REQUESTS = 200;

    /** A human-readable decimal: digits, optionally a point and more digits. */
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    private static final Pattern REDIRECT_URL_FORBIDDEN = Pattern.compile("[<>\"'`\\s]");
    private static final Pattern REDIRECT_LABEL_FORBIDDEN = Pattern.compile("[<>&\"'`]");

    private SecurePaymentValidation() {}

    /** Every rule the body breaks; empty when it is valid. */
    static List<String> problemsOf(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            problems.add("The body must be a JSON object with a requests array");
            return problems;
        }
        checkRequests(body.get("requests"), problems);
        checkText(body, "reference", problems);
        checkText(body, "payerIdentifier", problems);
        JsonNode redirectUrl = body.get("redirectUrl");
        if (present(redirectUrl)) {
            checkRedirectUrl(redirectUrl, problems);
        }
        JsonNode redirectLabel = body.get("redirectLabel");
        if (present(redirectLabel)) {
            if (!present(redirectUrl)) {
                problems.add("redirectLabel is only allowed together with redirectUrl");
            }
            if (checkText(body, "redirectLabel", problems)
                    && REDIRECT_LABEL_FORBIDDEN
                            .matcher(redirectLabel.asString())
                            .find()) {
                problems.add("redirectLabel must not contain <, >, &, \", ' or `");
            }
        }
        return problems;
    }

    private static void checkRequests(JsonNode requests, List<String> problems) {
        if (requests == null || !requests.isArray()) {
            problems.add("requests must be an array");
            return;
        }
        if (requests.isEmpty()) {
            problems.add("requests must contain at least 1 elements");
            return;
        }
        if (requests.size() > MAX_REQUESTS) {
            problems.add("requests must contain no more than " + MAX_REQUESTS + " elements");
            return;
        }
        for (int i = 0; i < requests.size(); i++) {
            checkItem("requests." + i, requests.get(i), problems);
        }
    }

    private static void checkItem(String path, JsonNode item, List<String> problems) {
        if (!item.isObject()) {
            problems.add(path + " must be an object");
            return;
        }
        JsonNode amount = item.get("amount");
        if (amount == null || !amount.isString()) {
            problems.add(path + ".amount must be a string");
        } else if (!DECIMAL.matcher(amount.asString()).matches() || new BigDecimal(amount.asString()).signum() <= 0) {
            problems.add(path + ".amount must be a decimal number greater than 0, such as \"10.50\"");
        }
        JsonNode destinationId = item.get("destinationId");
        if (present(destinationId)
                && (!destinationId.isString()
                        || !SandboxProperties.DESTINATION_ID
                                .matcher(destinationId.asString())
                                .matches())) {
            problems.add(path + ".destinationId must look like {wallet}@eip155:{chainId}#{checksum}:{tokenAddress}");
        }
        boolean olderShape = present(item.get("payee"))
                || present(item.get("invoiceCurrency"))
                || present(item.get("paymentCurrency"));
        if (olderShape && present(destinationId)) {
            problems.add(
                    path + " must have either destinationId or payee, invoiceCurrency and paymentCurrency, not both");
        } else if (olderShape) {
            for (String field : List.of("payee", "invoiceCurrency", "paymentCurrency")) {
                JsonNode value = item.get(field);
                if (value == null || !value.isString() || value.asString().isBlank()) {
                    problems.add(path + "." + field
                            + " must be a non-empty string: payee, invoiceCurrency and paymentCurrency go together");
                }
            }
        }
    }

    private static void checkRedirectUrl(JsonNode redirectUrl, List<String> problems) {
        String url = redirectUrl.isString() ? redirectUrl.asString() : "";
        boolean http = url.startsWith("http://") || url.startsWith("https://");
        if (!http
                || url.length() <= "https://".length()
                || REDIRECT_URL_FORBIDDEN.matcher(url).find()) {
            problems.add("redirectUrl must be an http(s) URL without <, >, \", ', ` or whitespace");
        }
    }

    /** A 1-255 character string when present; true when it is one. */
    private static boolean checkText(JsonNode body, String field, List<String> problems) {
        JsonNode value = body.get(field);
        if (!present(value)) {
            return false;
        }
        if (!value.isString()) {
            problems.add(field + " must be a string");
            return false;
        }
        int length = value.asString().length();
        if (length < 1) {
            problems.add(field + " must be longer than or equal to 1 characters");
            return false;
        }
        if (length > 255) {
            problems.add(field + " must be shorter than or equal to 255 characters");
            return false;
        }
        return true;
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }
}
