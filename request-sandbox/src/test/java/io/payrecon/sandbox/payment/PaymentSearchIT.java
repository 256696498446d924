package io.payrecon.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.sandbox.RunningSandbox;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v2/request/{requestId}} and {@code GET /v2/payments} reflect every payment made so far, in the fields of
 * request-network-api.md §3 and the OpenAPI description.
 */
class PaymentSearchIT extends RunningSandbox {

    /**
     * The properties of the OpenAPI's {@code paths./v2/request/{requestId}.get.responses.200} schema that a secure
     * payment's request has (the recurrence and crypto-to-fiat ones do not apply; {@code rateSource} is an enum
     * without null, left out), in the sandbox's order.
     */
    private static final List<String> DOCUMENTED_FIELDS = List.of(
            "requestId",
            "paymentReference",
            "hasBeenPaid",
            "isListening",
            "txHash",
            "status",
            "reference",
            "payments",
            "customerInfo",
            "amountInUsd",
            "conversionRate",
            "conversionBreakdown",
            "fees");

    @Test
    void aRequestAnswersOnlyTheFieldsOfTheOpenApiSchema() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();
        post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"partial\",\"amount\":\"4.00\"}");

        JsonNode partial = json(get("/v2/request/" + requestId, "x-api-key", API_KEY));

        assertThat(partial.propertyNames()).containsExactlyElementsOf(DOCUMENTED_FIELDS);
        assertThat(partial.propertyNames()).doesNotContain("requestAmount", "paidAmount", "excessAmount");
        assertThat(partial.get("conversionBreakdown").propertyNames())
                .containsExactly("paidAmount", "remainingAmount", "payments");
        assertThat(partial.get("conversionBreakdown").get("payments").get(0).propertyNames())
                .containsExactly("amount", "timestamp");
        assertThat(partial.get("fees")).isEmpty();
        assertThat(partial.get("customerInfo").isNull()).isTrue();
    }

    @Test
    void aRequestShowsWhatWasPaidPaymentByPayment() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        JsonNode pending = json(get("/v2/request/" + requestId, "x-api-key", API_KEY));
        post("/sandbox/payments/" + token, "{\"outcome\":\"partial\",\"amount\":\"4.00\"}");
        JsonNode partial = json(get("/v2/request/" + requestId, "x-api-key", API_KEY));
        JsonNode confirmed = json(post("/sandbox/payments/" + token, "{\"amount\":\"7.00\"}"));
        JsonNode paid = json(get("/v2/request/" + requestId, clientIdHeaders()));

        assertThat(pending.get("status").asString()).isEqualTo("pending");
        assertThat(pending.get("txHash").isNull()).isTrue();
        assertThat(pending.get("isListening").asBoolean()).isTrue();
        assertThat(pending.get("payments")).isEmpty();
        assertThat(pending.get("conversionBreakdown").isNull())
                .as("nothing paid")
                .isTrue();
        assertThat(partial.get("status").asString()).isEqualTo("partially_paid");
        assertThat(partial.get("hasBeenPaid").asBoolean()).isFalse();
        assertThat(partial.get("conversionBreakdown").get("paidAmount").asString())
                .isEqualTo("4.00");
        assertThat(partial.get("conversionBreakdown").get("remainingAmount").asString())
                .isEqualTo("6.50");
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("hasBeenPaid").asBoolean()).isTrue();
        assertThat(paid.get("isListening").asBoolean()).isFalse();
        assertThat(paid.get("conversionBreakdown").get("paidAmount").asString())
                .as("overpaid: what was received")
                .isEqualTo("11.00");
        assertThat(paid.get("conversionBreakdown").get("remainingAmount").asString())
                .as("never negative")
                .isEqualTo("0");
        assertThat(paid.get("conversionBreakdown")
                        .get("payments")
                        .valueStream()
                        .map(p -> p.get("amount").asString()))
                .containsExactly("4.00", "7.00");
        assertThat(paid.get("reference").asString()).isEqualTo("order-1001");
        assertThat(paid.get("txHash").asString())
                .isEqualTo(confirmed.get("payment").get("txHash").asString());
        assertThat(paid.get("payments")
                        .valueStream()
                        .map(payment -> payment.get("amount").asString()))
                .containsExactly("4.00", "7.00");
        assertThat(paid.get("payments").get(1).propertyNames())
                .containsExactly("txHash", "amount", "currency", "timestamp");
        assertThat(paid.get("payments").get(1).get("txHash").asString())
                .isEqualTo(confirmed.get("payment").get("txHash").asString());
        assertThat(paid.get("payments").get(1).get("currency").asString()).isEqualTo("FAU");
    }

    /** The breakdown is "for partial payments or multiple payments": one payment of the full amount has none. */
    @Test
    void oneFullPaymentHasNoBreakdownAndARefundTakesNothingBack() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();
        post("/sandbox/payments/" + token, null);

        JsonNode paid = json(get("/v2/request/" + requestId, "x-api-key", API_KEY));
        post("/sandbox/payments/" + token + "/refund", null);
        JsonNode refunded = json(get("/v2/request/" + requestId, "x-api-key", API_KEY));

        assertThat(paid.get("hasBeenPaid").asBoolean()).isTrue();
        assertThat(paid.get("conversionBreakdown").isNull()).isTrue();
        assertThat(paid.get("payments")).hasSize(1);
        assertThat(refunded.get("hasBeenPaid").asBoolean()).isTrue();
        assertThat(refunded.get("payments")).hasSize(1);
        assertThat(refunded.get("txHash").asString())
                .isEqualTo(paid.get("txHash").asString());
        assertThat(refunded.get("status").asString()).isEqualTo("refunded");
    }

    @Test
    void paymentsAreFoundByReferenceRequestIdOrTransaction() {
        String reference = "order-" + UUID.randomUUID();
        JsonNode link = createLinkFrom("{\"requests\":[{\"amount\":\"9\"}],\"reference\":\"%s\"}".formatted(reference));
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();
        String firstTx = json(post("/sandbox/payments/" + token, "{\"outcome\":\"partial\",\"amount\":\"3\"}"))
                .get("payment")
                .get("txHash")
                .asString();
        post("/sandbox/payments/" + token, null);
        post("/sandbox/payments/" + token, "{\"outcome\":\"failed\"}");

        JsonNode byReference = json(get("/v2/payments?reference=" + reference, "x-api-key", API_KEY));
        JsonNode byRequest = json(get("/v2/payments?requestId=" + requestId, "x-api-key", API_KEY));
        JsonNode byTx = json(get("/v2/payments?txHash=" + firstTx, "x-api-key", API_KEY));

        assertThat(byReference
                        .get("payments")
                        .valueStream()
                        .map(p -> p.get("amount").asString()))
                .as("failures move no money, newest first")
                .containsExactly("6", "3");
        assertThat(byRequest.get("payments")).hasSize(2);
        assertThat(byTx.get("payments")).singleElement().satisfies(payment -> {
            assertThat(payment.get("sourceTxHash").asString()).isEqualTo(firstTx);
            assertThat(payment.get("amount").asString()).isEqualTo("3");
            assertThat(payment.get("type").asString()).isEqualTo("direct");
            assertThat(payment.get("currency").asString()).isEqualTo("FAU");
            assertThat(payment.get("request").get("requestId").asString()).isEqualTo(requestId);
            assertThat(payment.get("request").get("reference").asString()).isEqualTo(reference);
            assertThat(payment.get("request").get("hasBeenPaid").asBoolean()).isTrue();
        });
        assertThat(byTx.get("pagination").get("total").asInt()).isEqualTo(1);
    }

    @Test
    void paymentsArePagedWithLimitAndOffset() {
        String reference = "order-" + UUID.randomUUID();
        String token = createLinkFrom("{\"requests\":[{\"amount\":\"10\"}],\"reference\":\"%s\"}".formatted(reference))
                .get("token")
                .asString();
        for (String amount : List.of("1", "2", "3")) {
            post("/sandbox/payments/" + token, "{\"outcome\":\"partial\",\"amount\":\"%s\"}".formatted(amount));
        }

        JsonNode first = json(get("/v2/payments?reference=" + reference + "&limit=2", "x-api-key", API_KEY));
        JsonNode second = json(get("/v2/payments?reference=" + reference + "&limit=2&offset=2", "x-api-key", API_KEY));

        assertThat(first.get("payments").valueStream().map(p -> p.get("amount").asString()))
                .containsExactly("3", "2");
        assertThat(first.get("pagination").toString())
                .isEqualTo("{\"total\":3,\"limit\":2,\"offset\":0,\"hasMore\":true}");
        assertThat(second.get("payments").valueStream().map(p -> p.get("amount").asString()))
                .containsExactly("1");
        assertThat(second.get("pagination").get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void aSearchWithoutParametersOrWithBadOnesIsRefused() {
        HttpResponse<String> none = get("/v2/payments", "x-api-key", API_KEY);
        HttpResponse<String> badHash = get("/v2/payments?txHash=0x12", "x-api-key", API_KEY);
        HttpResponse<String> badLimit = get("/v2/payments?reference=x&limit=0", "x-api-key", API_KEY);
        HttpResponse<String> badDates =
                get("/v2/payments?fromDate=2025-02-01T00:00:00Z&toDate=2025-01-01T00:00:00Z", "x-api-key", API_KEY);

        for (HttpResponse<String> response : List.of(none, badHash, badLimit, badDates)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).get("message").asString()).isEqualTo("Validation failed");
        }
        assertThat(json(badHash).get("errors").get(0).get("field").asString()).isEqualTo("txHash");
        assertThat(json(badDates).get("errors").get(0).get("message").asString())
                .isEqualTo("toDate must be after or equal to fromDate");
    }

    @Test
    void aSearchThatFindsNothingIsAnEmptyPage() {
        JsonNode empty = json(get("/v2/payments?reference=nobody-" + UUID.randomUUID(), "x-api-key", API_KEY));

        assertThat(empty.get("payments")).isEmpty();
        assertThat(empty.get("pagination").get("total").asInt()).isZero();
        assertThat(empty.get("pagination").get("limit").asInt()).isEqualTo(20);
    }
}
