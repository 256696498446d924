package io.payrecon.sandbox.payment;

import io.payrecon.requestclient.Destination;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The provider's rules for a {@code POST /v2/secure-payments} body (request-network-api.md §2 and its OpenAPI
 * description, {@code paths./v2/secure-payments.post.requestBody}), with messages in the style of its validator (NestJS
 * with class-validator), such as {@code requests.0.amount must be a string}.
 *
 * <p>Only the properties the schema lists are accepted (the validator's {@code whitelist} with
 * {@code forbidNonWhitelisted}): anything else is refused as {@code property payee should not exist} (inside an item:
 * {@code requests.0.property payee should not exist}). That includes the older item shape {@code payee},
 * {@code invoiceCurrency}, {@code paymentCurrency}, which the integration guide still shows and the OpenAPI file
 * (v0.13.0) no longer has: see {@link SecurePaymentController} for why refusing is the reading the sandbox takes.
 */
final class SecurePaymentValidation {

    static final int MAX_REQUESTS = 200;

    /** A human-readable decimal: digits, optionally a point and more digits. */
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    /** The body's properties in the OpenAPI schema; {@code feePercentage} and {@code feeAddress} deprecated, ignored. */
    static final Set<String> BODY_PROPERTIES = Set.of(
            "requests",
            "feePercentage",
            "feeAddress",
            "reference",
            "payerIdentifier",
            "redirectUrl",
            "redirectLabel",
            "accessPolicy");

    /** An item's properties in the OpenAPI schema: the destination is resolved from the credential, only amounts vary. */
    static final Set<String> ITEM_PROPERTIES = Set.of("destinationId", "amount");

    static final Set<String> ACCESS_POLICY_PROPERTIES =
            Set.of("mode", "screeningProvider", "hideUntilApproved", "hidePayeeAddress", "allowedPayerAddresses");

    private static final List<String> ACCESS_MODES = List.of("inherit", "off", "kyt_all_wallets");
    private static final List<String> SCREENING_PROVIDERS = List.of("hypernative", "merklescience");

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
        forbidUnlisted("", body, BODY_PROPERTIES, problems);
        checkRequests(body.get("requests"), problems);
        for (String deprecated : List.of("feePercentage", "feeAddress")) {
            JsonNode value = body.get(deprecated);
            if (present(value) && !value.isString()) {
                problems.add(deprecated + " must be a string");
            }
        }
        checkAccessPolicy(body.get("accessPolicy"), problems);
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
                        || !Destination.SHAPE.matcher(destinationId.asString()).matches())) {
            problems.add(path + ".destinationId must look like {wallet}@eip155:{chainId}#{checksum}:{tokenAddress}");
        }
        forbidUnlisted(path + ".", item, ITEM_PROPERTIES, problems);
    }

    /** The optional per-payment access policy: accepted when it has the schema's shape, otherwise not used. */
    private static void checkAccessPolicy(JsonNode policy, List<String> problems) {
        if (!present(policy)) {
            return;
        }
        if (!policy.isObject()) {
            problems.add("nested property accessPolicy must be either object or array");
            return;
        }
        forbidUnlisted("accessPolicy.", policy, ACCESS_POLICY_PROPERTIES, problems);
        JsonNode mode = policy.get("mode");
        if (present(mode) && !(mode.isString() && ACCESS_MODES.contains(mode.asString()))) {
            problems.add("accessPolicy.mode must be one of the following values: " + String.join(", ", ACCESS_MODES));
        }
        JsonNode screening = policy.get("screeningProvider");
        if (present(screening) && !(screening.isString() && SCREENING_PROVIDERS.contains(screening.asString()))) {
            problems.add("accessPolicy.screeningProvider must be one of the following values: "
                    + String.join(", ", SCREENING_PROVIDERS));
        }
        for (String flag : List.of("hideUntilApproved", "hidePayeeAddress")) {
            JsonNode value = policy.get(flag);
            if (present(value) && !value.isBoolean()) {
                problems.add("accessPolicy." + flag + " must be a boolean value");
            }
        }
        JsonNode payers = policy.get("allowedPayerAddresses");
        if (present(payers)) {
            if (!payers.isArray()) {
                problems.add("accessPolicy.allowedPayerAddresses must be an array");
            } else if (payers.valueStream().anyMatch(payer -> !payer.isString())) {
                problems.add("accessPolicy.each value in allowedPayerAddresses must be a string");
            }
        }
    }

    /** The validator's {@code forbidNonWhitelisted}: each property the schema does not list is refused by name. */
    private static void forbidUnlisted(String prefix, JsonNode object, Set<String> listed, List<String> problems) {
        object.propertyNames().stream()
                .filter(name -> !listed.contains(name))
                .forEach(name -> problems.add(prefix + "property " + name + " should not exist"));
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
