package io.payrecon.sandbox.payment;

import io.payrecon.sandbox.ProviderError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading requests and payments like the provider (request-network-api.md §3): {@code GET /v2/request/{requestId}},
 * the polling fallback for missed webhooks, and {@code GET /v2/payments}, the payment search. Both reflect every
 * payment simulated so far.
 */
@RestController
@Tag(name = "Provider API", description = "The provider\'s endpoints, as its OpenAPI file has them")
class RequestController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** The search parameters of the OpenAPI description; at least one is required. */
    private static final List<String> SEARCH_PARAMETERS = List.of(
            "txHash",
            "walletAddress",
            "paymentReference",
            "requestId",
            "reference",
            "type",
            "invoiceCurrency",
            "paymentCurrency",
            "fromDate",
            "toDate");

    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,9}");

    private final SecurePayments links;

    RequestController(SecurePayments links) {
        this.links = links;
    }

    /**
     * {@code GET /v2/request/{requestId}} with exactly the fields of the OpenAPI's 200 schema
     * ({@code paths./v2/request/{requestId}.get.responses.200}) that a secure payment's request has: {@code requestId},
     * {@code paymentReference}, {@code hasBeenPaid}, {@code isListening}, {@code txHash} (the last payment's, null
     * while nothing was paid), {@code status}, {@code reference}, {@code payments}, {@code customerInfo} (null),
     * {@code amountInUsd} and {@code conversionRate} (null: the sandbox has no market rates, {@code rateSource} is left
     * out), {@code conversionBreakdown} and {@code fees} (empty: the sandbox charges none). Nothing the schema does not
     * have: the "query requests" page's {@code requestAmount}, {@code paidAmount}, {@code excessAmount} and typed
     * payments are not in the contract, so a client must not depend on them.
     *
     * <p>{@code payments[]} items are untyped in the schema; the sandbox's choice is
     * {@code {"txHash","amount","currency","timestamp"}}. {@code conversionBreakdown} is, per the schema, the breakdown
     * "for partial payments or multiple payments": given once a request has a partial payment or more than one
     * payment ({@code paidAmount} what it received so far, {@code remainingAmount} what is still due, never negative,
     * {@code payments[]{amount,timestamp}}), null while unpaid or after one payment of the full amount.
     *
     * <p>{@code status} is a free string in the schema; its values here ({@code pending}, {@code partially_paid},
     * {@code paid}, {@code refunded} once everything received went back) are the sandbox's own, undocumented by the
     * provider: clients must not depend on them. A refund does not reduce what was paid (the schema has no refund
     * fields: refunds show in {@code payment.refunded} webhooks, and a full one in {@code status}).
     */
    @Operation(
            summary = "Read a request's payment status",
            description = "The provider's GET /v2/request/{requestId}: exactly the fields of its OpenAPI 200 schema "
                    + "that apply (hasBeenPaid, txHash, status, payments, conversionBreakdown, …).")
    @ApiResponse(
            responseCode = "200",
            description = "The request's status",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @ApiResponse(
            responseCode = "404",
            description = "Request not found",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(ref = "#/components/schemas/ProviderError")))
    @GetMapping("/v2/request/{requestId}")
    ResponseEntity<?> request(@PathVariable String requestId) {
        SecurePayment link = links.findByRequestId(requestId).orElse(null);
        if (link == null) {
            return ProviderError.of(HttpStatus.NOT_FOUND, "Request not found");
        }
        SecurePayment.RequestState state = link.stateOf(requestId);
        SecurePayment.Terms terms = state.terms();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requestId", terms.requestId());
        answer.put("paymentReference", terms.paymentReference());
        answer.put("hasBeenPaid", state.hasBeenPaid());
        answer.put("isListening", !state.hasBeenPaid());
        answer.put("txHash", state.lastTxHash());
        answer.put("status", state.status());
        answer.put("reference", link.reference());
        answer.put(
                "payments",
                state.payments().stream()
                        .map(payment -> {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("txHash", payment.txHash());
                            item.put("amount", payment.amount().toPlainString());
                            item.put("currency", terms.currency());
                            item.put("timestamp", payment.timestamp().toString());
                            return item;
                        })
                        .toList());
        answer.put("customerInfo", null);
        answer.put("amountInUsd", null);
        answer.put("conversionRate", null);
        answer.put("conversionBreakdown", breakdown(state));
        answer.put("fees", List.of());
        return ResponseEntity.ok(answer);
    }

    /** The schema's breakdown "for partial payments or multiple payments"; null otherwise. */
    private static Map<String, Object> breakdown(SecurePayment.RequestState state) {
        List<SecurePayment.Payment> payments = state.payments();
        boolean partial = payments.size() == 1 && !state.hasBeenPaid();
        if (payments.size() < 2 && !partial) {
            return null;
        }
        Map<String, Object> breakdown = new LinkedHashMap<>();
        breakdown.put("paidAmount", state.paid().toPlainString());
        breakdown.put("remainingAmount", state.remaining().toPlainString());
        breakdown.put(
                "payments",
                payments.stream()
                        .map(payment -> {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("amount", payment.amount().toPlainString());
                            item.put("timestamp", payment.timestamp().toString());
                            return item;
                        })
                        .toList());
        return breakdown;
    }

    @Operation(
            summary = "Search payments",
            description = "The provider's GET /v2/payments: by reference, requestId, txHash, paymentReference, "
                    + "walletAddress, type, invoiceCurrency, paymentCurrency, fromDate or toDate (at least one), "
                    + "newest first, limit 1-100 (default 20) and offset.")
    @ApiResponse(
            responseCode = "200",
            description = "payments[] and pagination{total, limit, offset, hasMore}",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @ApiResponse(
            responseCode = "400",
            description = "No search parameter, or one that is malformed: message Validation failed, errors[] of"
                    + " {field, message}",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @GetMapping("/v2/payments")
    ResponseEntity<?> payments(
            @Parameter(
                            description = "The search parameters: reference, requestId, txHash, paymentReference, "
                                    + "walletAddress, type, invoiceCurrency, paymentCurrency, fromDate, toDate, limit, "
                                    + "offset")
                    @RequestParam
                    Map<String, String> query) {
        List<FieldError> errors = new ArrayList<>();
        if (SEARCH_PARAMETERS.stream().noneMatch(query::containsKey)) {
            return validationFailed(List.of(new FieldError(
                    "query", "At least one search parameter is required: " + String.join(", ", SEARCH_PARAMETERS))));
        }
        String txHash = query.get("txHash");
        if (txHash != null && !TX_HASH.matcher(txHash).matches()) {
            errors.add(new FieldError("txHash", "txHash must be a 66-character hex string starting with 0x"));
        }
        Instant from = instant(query, "fromDate", errors);
        Instant to = instant(query, "toDate", errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.add(new FieldError("toDate", "toDate must be after or equal to fromDate"));
        }
        int limit = number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        int offset = number(query, "offset", 0, 0, Integer.MAX_VALUE, errors);
        if (!errors.isEmpty()) {
            return validationFailed(errors);
        }
        Predicate<Found> matches = found -> matches(
                        query, "requestId", found.terms().requestId())
                && matches(query, "reference", found.link().reference())
                && (txHash == null || txHash.equalsIgnoreCase(found.payment().txHash()))
                && matches(query, "paymentReference", found.terms().paymentReference())
                && matchesIgnoringCase(
                        query,
                        "walletAddress",
                        PaymentWebhooks.PAYER_ADDRESS,
                        found.terms().payee())
                && matches(query, "type", "direct")
                && matches(query, "invoiceCurrency", found.terms().currency())
                && matches(query, "paymentCurrency", found.terms().currency())
                && (from == null || !found.payment().timestamp().isBefore(from))
                && (to == null || !found.payment().timestamp().isAfter(to));
        List<Found> all = new ArrayList<>();
        for (SecurePayment link : links.all()) {
            for (SecurePayment.RequestState state : link.states()) {
                state.payments().forEach(payment -> all.add(new Found(link, state, payment)));
            }
        }
        List<Found> matching = all.stream()
                .filter(matches)
                .sorted(Comparator.comparing((Found found) -> found.payment().id())
                        .reversed())
                .toList();
        List<Map<String, Object>> page = matching.stream()
                .skip(offset)
                .limit(limit)
                .map(RequestController::payment)
                .toList();
        return ResponseEntity.ok(new PaymentSearch(
                page, new Pagination(matching.size(), limit, offset, offset + page.size() < matching.size())));
    }

    /** One payment as the search shows it, in the OpenAPI's field order; newest first. */
    private static Map<String, Object> payment(Found found) {
        SecurePayment.Terms terms = found.terms();
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("id", found.payment().id());
        payment.put("amount", found.payment().amount().toPlainString());
        payment.put("sourceNetwork", terms.network());
        payment.put("destinationNetwork", terms.network());
        payment.put("sourceTxHash", found.payment().txHash());
        payment.put("destinationTxHash", null);
        payment.put("timestamp", found.payment().timestamp().toString());
        payment.put("type", "direct");
        payment.put("conversionRateSource", null);
        payment.put("conversionRateDestination", null);
        payment.put("convertedAmountSource", null);
        payment.put("convertedAmountDestination", null);
        payment.put("currency", terms.currency());
        payment.put("paymentCurrency", terms.currency());
        payment.put("fees", List.of());
        payment.put("recurringPaymentId", null);
        payment.put("rateProvider", null);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("requestId", terms.requestId());
        request.put("paymentReference", terms.paymentReference());
        request.put("hasBeenPaid", found.state().hasBeenPaid());
        request.put("customerInfo", null);
        request.put("reference", found.link().reference());
        payment.put("request", request);
        return payment;
    }

    private record Found(SecurePayment link, SecurePayment.RequestState state, SecurePayment.Payment payment) {

        SecurePayment.Terms terms() {
            return state.terms();
        }
    }

    private static boolean matches(Map<String, String> query, String name, String value) {
        String wanted = query.get(name);
        return wanted == null || wanted.equals(value);
    }

    /** A wallet matches as payer or payee. */
    private static boolean matchesIgnoringCase(Map<String, String> query, String name, String payer, String payee) {
        String wanted = query.get(name);
        return wanted == null || wanted.equalsIgnoreCase(payer) || wanted.equalsIgnoreCase(payee);
    }

    private static Instant instant(Map<String, String> query, String name, List<FieldError> errors) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            if (!value.endsWith("Z")) {
                throw new DateTimeParseException("not UTC", value, 0);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(
                    name, name + " must be an ISO 8601 date in UTC ending with 'Z', such as 2024-01-01T00:00:00.000Z"));
            return null;
        }
    }

    private static int number(
            Map<String, String> query, String name, int fallback, int min, int max, List<FieldError> errors) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        if (!WHOLE_NUMBER.matcher(value).matches() || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            errors.add(new FieldError(name, name + " must be a whole number from " + min + " to " + max));
            return fallback;
        }
        return Integer.parseInt(value);
    }

    private static ResponseEntity<?> validationFailed(List<FieldError> errors) {
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ValidationFailed(400, "Validation failed", errors));
    }

    record PaymentSearch(List<Map<String, Object>> payments, Pagination pagination) {}

    record Pagination(int total, int limit, int offset, boolean hasMore) {}

    /** The OpenAPI's 400 shape of the payment search. */
    record ValidationFailed(int statusCode, String message, List<FieldError> errors) {}

    record FieldError(String field, String message) {}
}
