package io.payrecon.sandbox.webhook;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.sandbox.SandboxProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /sandbox/webhooks/test}: a test delivery, like the dashboard's test button or the provider's
 * {@code POST /v1/webhook/test}: {@code x-request-network-test: true} and placeholder ids
 * ({@code req_test123456789abcdef}). Its {@code payment.confirmed} body is byte for byte the provider's test vector
 * (fixtures/request-network/webhooks/test-vector-body.json).
 */
@RestController
@Tag(name = "Webhook deliveries", description = "Controls: every delivery since the start, with its attempts")
class TestDeliveryController {

    static final String TEST_REQUEST_ID = "req_test123456789abcdef";

    /** The provider's test delivery, 628 bytes, no trailing newline. */
    static final String TEST_VECTOR_BODY =
            "{\"event\":\"payment.confirmed\",\"requestId\":\"req_test123456789abcdef\",\"requestID\":\"req_test123456789abcdef\","
                    + "\"paymentReference\":\"0x1234567890abcdef1234567890abcdef12345678\","
                    + "\"explorer\":\"https://scan.request.network/request/req_test123456789abcdef\",\"amount\":\"100.0\","
                    + "\"totalAmountPaid\":\"100.0\",\"expectedAmount\":\"100.0\",\"timestamp\":\"2025-08-28T12:25:45.995Z\","
                    + "\"txHash\":\"0xabcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890\",\"network\":\"ethereum\","
                    + "\"currency\":\"USDC\",\"paymentCurrency\":\"USDC\",\"isCryptoToFiat\":false,\"subStatus\":\"\","
                    + "\"paymentProcessor\":\"request-network\",\"fees\":[{\"type\":\"network\",\"amount\":\"0.02\",\"currency\":\"ETH\"}]}";

    private static final String TEST_PAYMENT_REFERENCE = "0x1234567890abcdef1234567890abcdef12345678";
    private static final String TEST_TIMESTAMP = "2025-08-28T12:25:45.995Z";
    private static final Pattern EVENT = Pattern.compile("[a-z][a-z_]*(\\.[a-z_]+)+");

    private final WebhookSender sender;
    private final JsonMapper json;

    TestDeliveryController(WebhookSender sender, JsonMapper json) {
        this.sender = sender;
        this.json = json;
    }

    /** @param event which event to send, {@code payment.confirmed} by default; any dotted lowercase name goes */
    record TestCommand(String event) {}

    @Operation(
            summary = "Send a test delivery",
            description = "Like the dashboard's test button: x-request-network-test: true, a placeholder request id; "
                    + "payment.confirmed (the default) is byte for byte the provider's test vector.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @ApiResponse(responseCode = "202", description = "The delivery, on its way")
    @PostMapping("/sandbox/webhooks/test")
    ResponseEntity<WebhookSender.Delivery> send(@RequestBody(required = false) TestCommand command) {
        String event =
                command == null || command.event() == null || command.event().isBlank()
                        ? "payment.confirmed"
                        : command.event().strip();
        if (!EVENT.matcher(event).matches()) {
            throw SandboxProblem.badRequest(
                    "Test delivery not sent",
                    "event must be a dotted lowercase event name such as payment.confirmed, was '" + event + "'");
        }
        WebhookSender.Delivery delivery = sender.deliverTest(event, TEST_REQUEST_ID, bodyOf(event));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/sandbox/deliveries?requestId=" + TEST_REQUEST_ID))
                .body(delivery);
    }

    private byte[] bodyOf(String event) {
        if (event.equals("payment.confirmed")) {
            return TEST_VECTOR_BODY.getBytes(StandardCharsets.UTF_8);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("requestId", TEST_REQUEST_ID);
        switch (event) {
            case "payment.partial" -> {
                body.put("requestID", TEST_REQUEST_ID);
                body.put("paymentReference", TEST_PAYMENT_REFERENCE);
                body.put("explorer", "https://scan.request.network/request/" + TEST_REQUEST_ID);
                body.put("amount", "50.0");
                body.put("totalAmountPaid", "50.0");
                body.put("expectedAmount", "100.0");
                body.put("timestamp", TEST_TIMESTAMP);
                body.put("txHash", "0x1111111111111111111111111111111111111111111111111111111111111111");
                body.put("network", "ethereum");
                body.put("currency", "USDC");
                body.put("paymentCurrency", "USDC");
                body.put("isCryptoToFiat", false);
                body.put("subStatus", "");
                body.put("paymentProcessor", "request-network");
                body.put("fees", List.of());
            }
            case "payment.failed" -> {
                body.put("requestID", TEST_REQUEST_ID);
                body.put("paymentReference", TEST_PAYMENT_REFERENCE);
                body.put("subStatus", "insufficient_funds");
                body.put("paymentProcessor", "request-network");
            }
            case "payment.refunded" -> {
                body.put("paymentReference", TEST_PAYMENT_REFERENCE);
                body.put("refundedTo", "0x92fc3406fc6bb7a76ac63b2e8b9d02b1b9c3e4d5");
                body.put("refundAmount", "100.0");
                body.put("currency", "USDC");
                body.put("timestamp", TEST_TIMESTAMP);
                body.put("paymentProcessor", "request-network");
            }
            default -> body.put("timestamp", TEST_TIMESTAMP);
        }
        return json.writeValueAsBytes(body);
    }
}
