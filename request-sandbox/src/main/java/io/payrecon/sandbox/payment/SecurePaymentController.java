package io.payrecon.sandbox.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.payrecon.sandbox.ProviderError;
import io.payrecon.sandbox.SandboxProperties;
import io.payrecon.sandbox.Ulid;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider API the pipeline calls, answering like the provider (request-network-api.md §2-3): status codes,
 * field names and its error shape {@code {"statusCode":…,"message":…,"error":…}}.
 */
@RestController
class SecurePaymentController {

    private static final Logger log = LoggerFactory.getLogger(SecurePaymentController.class);

    /** The token the sandbox pays in when the link names no currency: the provider's Sepolia test token. */
    private static final String TEST_TOKEN = "FAU";

    private static final Map<String, String> NETWORKS = Map.of(
            "1", "ethereum",
            "11155111", "sepolia",
            "8453", "base",
            "10", "optimism",
            "42161", "arbitrum-one",
            "137", "matic");

    private final SecurePayments links;
    private final SandboxProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    SecurePaymentController(SecurePayments links, SandboxProperties properties, JsonMapper json) {
        this.links = links;
        this.properties = properties;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** The body as the provider reads it, once valid. */
    record CreateBody(
            List<Item> requests, String reference, String payerIdentifier, String redirectUrl, String redirectLabel) {

        record Item(
                String amount, String destinationId, String payee, String invoiceCurrency, String paymentCurrency) {}
    }

    record Created(List<String> requestIds, String securePaymentUrl, String token, Object feePlan) {}

    @PostMapping("/v2/secure-payments")
    ResponseEntity<?> create(@RequestBody(required = false) byte[] body) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JacksonException e) {
            return ProviderError.of(HttpStatus.BAD_REQUEST, List.of("The body is not valid JSON"));
        }
        List<String> problems = SecurePaymentValidation.problemsOf(tree);
        if (!problems.isEmpty()) {
            log.info("Refused a secure payment: {}", problems);
            return ProviderError.of(HttpStatus.BAD_REQUEST, problems);
        }
        CreateBody create = json.treeToValue(tree, CreateBody.class);
        Instant now = clock.instant();
        String token = Ulid.next();
        SecurePayment link = new SecurePayment(
                token,
                now,
                now.plus(properties.linkExpiry()),
                create.reference(),
                create.payerIdentifier(),
                create.redirectUrl(),
                create.redirectLabel(),
                create.requests().stream().map(SecurePaymentController::terms).toList());
        links.add(link);
        List<String> requestIds =
                link.requests().stream().map(SecurePayment.Terms::requestId).toList();
        log.info("Created secure payment {} with requests {} (reference {})", token, requestIds, create.reference());
        return ResponseEntity.status(HttpStatus.CREATED).body(new Created(requestIds, payUrl(token), token, null));
    }

    @GetMapping("/v2/secure-payments/{token}")
    ResponseEntity<?> securePayment(@PathVariable String token) {
        SecurePayment link = links.find(token).orElse(null);
        if (link == null) {
            return ProviderError.of(HttpStatus.NOT_FOUND, "Secure payment not found");
        }
        switch (link.status(clock.instant())) {
            case COMPLETED:
                List<RequestStatus> statuses = link.requests().stream()
                        .map(request -> link.stateOf(request.requestId()))
                        .map(state ->
                                new RequestStatus(state.terms().requestId(), state.hasBeenPaid(), state.lastTxHash()))
                        .toList();
                return ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(new Completed("Secure payment has already been completed", "completed", statuses));
            case EXPIRED:
                return ProviderError.of(HttpStatus.FORBIDDEN, "Secure payment token expired or invalid status");
            default:
                return ResponseEntity.ok(payable(link));
        }
    }

    @GetMapping("/v2/request/{requestId}")
    ResponseEntity<?> request(@PathVariable String requestId) {
        SecurePayment link = links.findByRequestId(requestId).orElse(null);
        if (link == null) {
            return ProviderError.of(HttpStatus.NOT_FOUND, "Request not found");
        }
        SecurePayment.RequestState state = link.stateOf(requestId);
        SecurePayment.Terms terms = state.terms();
        String status = state.hasBeenPaid() ? "paid" : state.paid().signum() > 0 ? "partially_paid" : "pending";
        List<PaymentView> payments = state.payments().stream()
                .map(payment -> new PaymentView(
                        payment.amount().toPlainString(),
                        terms.paymentCurrency(),
                        payment.txHash(),
                        payment.timestamp()))
                .toList();
        return ResponseEntity.ok(new RequestView(
                terms.requestId(),
                terms.paymentReference(),
                state.hasBeenPaid(),
                state.lastTxHash(),
                status,
                link.reference(),
                terms.amount().toPlainString(),
                state.paid().toPlainString(),
                state.excess().toPlainString(),
                payments,
                !state.hasBeenPaid()));
    }

    private Map<String, Object> payable(SecurePayment link) {
        List<SecurePayment.Terms> requests = link.requests();
        SecurePayment.Terms first = requests.get(0);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("paymentType", requests.size() == 1 ? "single" : "batch");
        answer.put("status", "pending");
        answer.put("redirectUrl", link.redirectUrl());
        answer.put("redirectLabel", link.redirectLabel());
        answer.put(
                "requestIds",
                requests.stream().map(SecurePayment.Terms::requestId).toList());
        if (requests.size() == 1) {
            answer.put("payee", first.payee());
            answer.put("network", first.network());
            answer.put("amount", first.amount().toPlainString());
            answer.put("paymentCurrency", first.paymentCurrency());
        } else {
            answer.put(
                    "amounts",
                    requests.stream()
                            .map(request -> request.amount().toPlainString())
                            .toList());
            answer.put(
                    "paymentCurrencies",
                    requests.stream().map(SecurePayment.Terms::paymentCurrency).toList());
            answer.put("network", first.network());
        }
        answer.put("isNativeCurrency", false);
        answer.put("reference", link.reference());
        answer.put("paymentOptions", Map.of());
        answer.put("feePlan", null);
        return answer;
    }

    private String payUrl(String token) {
        return UriComponentsBuilder.fromUri(properties.publicUrl())
                .path("/")
                .queryParam("token", token)
                .build()
                .toUriString();
    }

    private static SecurePayment.Terms terms(CreateBody.Item item) {
        String network = "sepolia";
        if (item.destinationId() != null) {
            Matcher destination = SecurePaymentValidation.DESTINATION_ID.matcher(item.destinationId());
            if (destination.matches()) {
                network = NETWORKS.getOrDefault(destination.group(1), "eip155:" + destination.group(1));
            }
        }
        boolean olderShape = item.payee() != null;
        return new SecurePayment.Terms(
                SecurePayment.newRequestId(),
                SecurePayment.newPaymentReference(),
                new BigDecimal(item.amount()),
                item.destinationId(),
                item.payee(),
                network,
                olderShape ? item.invoiceCurrency() : TEST_TOKEN,
                olderShape ? item.paymentCurrency() : TEST_TOKEN);
    }

    record RequestStatus(String requestId, boolean hasBeenPaid, String txHash) {}

    record Completed(String message, String status, List<RequestStatus> requestStatuses) {}

    record PaymentView(String paidAmount, String paidCurrency, String txHash, Instant timestamp) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RequestView(
            String requestId,
            String paymentReference,
            boolean hasBeenPaid,
            String txHash,
            String status,
            String reference,
            String requestAmount,
            String paidAmount,
            String excessAmount,
            List<PaymentView> payments,
            boolean isListening) {}
}
