package io.payrecon.link.paymentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.link.FakeProvider;
import io.payrecon.link.RunningLinkService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Part 8 of issue 4: every provider failure is a problem a person can act on, and nothing is stored. */
class ProviderFailureIT extends RunningLinkService {

    @Test
    void providerRejectionIsUnprocessableWithTheProvidersMessage() {
        String orderId = newOrderId();
        PROVIDER.answer(orderId, 400, """
                {"statusCode":400,"message":["requests.0.amount must be a positive number"],"error":"Bad Request"}
                """);

        HttpResponse<String> response = createRequest(orderId);

        assertProblem(response, 422);
        assertThat(JSON.readTree(response.body()).path("detail").asString())
                .contains("requests.0.amount must be a positive number");
        assertNothingStored(orderId);
    }

    @Test
    void unknownCredentialIsABadGatewayNamingTheSettingWithoutTheSecret() {
        String orderId = newOrderId();
        PROVIDER.answer(orderId, 401, "{\"message\":\"Invalid API key " + FakeProvider.API_KEY + "\"}");

        HttpResponse<String> response = createRequest(orderId);

        assertProblem(response, 502);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("reason").asString()).isEqualTo("bad-credential");
        assertThat(problem.path("detail").asString())
                .contains("REQUEST_API_KEY")
                .contains("REQUEST_CLIENT_ID");
        assertThat(response.body()).doesNotContain(FakeProvider.API_KEY);
        assertNothingStored(orderId);
    }

    @Test
    void destinationMismatchIsABadGatewaySayingSo() {
        String orderId = newOrderId();
        PROVIDER.answer(
                orderId, 403, "{\"message\":\"Destination does not match the configured payment destination.\"}");

        HttpResponse<String> response = createRequest(orderId);

        assertProblem(response, 502);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("reason").asString()).isEqualTo("destination-mismatch");
        assertThat(problem.path("title").asString()).contains("destination");
        assertThat(problem.path("detail").asString())
                .contains("Request Network answered 403: Destination does not match the configured payment "
                        + "destination. The order's destinationId")
                .contains("bound to link-service's client id")
                .doesNotContain("..");
        assertNothingStored(orderId);
    }

    @Test
    void credentialRefusedForAnotherReasonIsABadGatewayNamingTheCredential() {
        String orderId = newOrderId();
        PROVIDER.answer(orderId, 403, "{\"message\":\"Client ID revoked\"}");

        HttpResponse<String> response = createRequest(orderId);

        assertProblem(response, 502);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("reason").asString()).isEqualTo("credential-not-allowed");
        assertThat(problem.path("detail").asString())
                .contains("Client ID revoked")
                .contains("REQUEST_CLIENT_ID");
    }

    /**
     * After a 429 no provider call is made until the backoff has passed: a create for another order is answered 503
     * at once, without reaching the provider. The backoff is kept in database time (every instance keeps it), so the
     * test waits it out.
     */
    @Test
    void rateLimitAnswersServiceUnavailableWithRetryAfterAndBacksOff() throws InterruptedException {
        String limited = newOrderId();
        String next = newOrderId();
        PROVIDER.answer(limited, 429, "{\"message\":\"Too many requests\"}");
        try {
            HttpResponse<String> throttled = createRequest(limited);
            HttpResponse<String> heldBack = createRequest(next);

            assertProblem(throttled, 503);
            assertThat(throttled.headers().firstValue("Retry-After"))
                    .hasValue(Long.toString(RATE_LIMIT_BACKOFF.toSeconds()));
            assertProblem(heldBack, 503);
            assertThat(heldBack.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(seconds ->
                            assertThat(Long.parseLong(seconds)).isBetween(1L, RATE_LIMIT_BACKOFF.toSeconds()));
            assertThat(JSON.readTree(heldBack.body()).path("detail").asString()).contains("no provider calls");
            assertThat(PROVIDER.createsFor(limited)).hasSize(1);
            assertThat(PROVIDER.createsFor(next)).isEmpty();
            assertNothingStored(limited);
            assertNothingStored(next);
        } finally {
            Thread.sleep(RATE_LIMIT_BACKOFF.plusMillis(200).toMillis());
        }

        HttpResponse<String> afterBackoff = createRequest(next);

        assertThat(afterBackoff.statusCode()).as(afterBackoff.body()).isEqualTo(201);
        assertThat(PROVIDER.createsFor(next)).hasSize(1);
    }

    /**
     * A create whose answer never comes: 504 after request.timeout. For {@code links.provider-failure-backoff} no
     * provider call is made (each would hold a request and a database connection for another timeout): a retry is
     * answered 503 at once. After the backoff the retry makes the link.
     */
    @Test
    void providerTimeoutIsAGatewayTimeoutThenABackoffAndTheCreateCanBeRetried() throws Exception {
        String orderId = newOrderId();
        FakeProvider.Hold hold = PROVIDER.hold(orderId);
        HttpResponse<String> response;
        HttpResponse<String> heldBack;
        try {
            CompletableFuture<HttpResponse<String>> pending =
                    CompletableFuture.supplyAsync(() -> createRequest(orderId));
            response =
                    pending.get(PROVIDER_TIMEOUT.multipliedBy(10).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            heldBack = createRequest(orderId);
        } finally {
            hold.release();
            clock().advance(PROVIDER_FAILURE_BACKOFF.plusSeconds(1));
        }

        assertProblem(response, 504);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("retry");
        assertProblem(heldBack, 503);
        assertThat(heldBack.headers().firstValue("Retry-After"))
                .hasValueSatisfying(seconds ->
                        assertThat(Long.parseLong(seconds)).isBetween(1L, PROVIDER_FAILURE_BACKOFF.toSeconds()));
        assertThat(JSON.readTree(heldBack.body()).path("detail").asString()).contains("no provider calls");
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
        assertNothingStored(orderId);
        // The provider finished the held call after all: that link is the harmless orphan of the README.
        assertThat(createRequest(orderId).statusCode()).isEqualTo(201);
        assertThat(PROVIDER.createsFor(orderId)).hasSize(2);
    }

    @Test
    void unreachableProviderIsServiceUnavailableThenNotCalledForTheBackoff() {
        String orderId = newOrderId();
        PROVIDER.refuseConnections();
        HttpResponse<String> response;
        HttpResponse<String> heldBack;
        try {
            response = createRequest(orderId);
        } finally {
            PROVIDER.acceptConnections();
        }
        try {
            heldBack = createRequest(orderId);
        } finally {
            clock().advance(PROVIDER_FAILURE_BACKOFF.plusSeconds(1));
        }

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(response.body()).path("title").asString()).contains("unreachable");
        assertProblem(heldBack, 503);
        assertThat(heldBack.headers().firstValue("Retry-After")).isPresent();
        assertThat(PROVIDER.createsFor(orderId)).isEmpty();
        assertNothingStored(orderId);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(createRequest(orderId).statusCode()).isEqualTo(201));
    }

    /** 409 is not among the create's documented answers (OpenAPI: 201, 400, 401, 403, 429): a provider failure. */
    @Test
    void undocumentedConflictFromTheProviderIsABadGatewayNamingIt() {
        String orderId = newOrderId();
        PROVIDER.answer(orderId, 409, "{\"message\":\"Secure payment has already been completed\"}");

        HttpResponse<String> response = createRequest(orderId);

        assertProblem(response, 502);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("providerStatus").asInt()).isEqualTo(409);
        assertThat(problem.path("detail").asString())
                .contains("answered 409 to POST /v2/secure-payments")
                .contains("already been completed");
        assertNothingStored(orderId);
    }

    private HttpResponse<String> createRequest(String orderId) {
        return post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"1\"}");
    }

    private void assertNothingStored(String orderId) {
        assertThat(jdbc.sql("SELECT count(*) FROM payment_order WHERE order_id = :orderId")
                        .param("orderId", orderId)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(outboxRecordsOf(orderId)).isZero();
        assertProblem(get("/api/payment-links/" + orderId, API_KEY), 404);
    }
}
