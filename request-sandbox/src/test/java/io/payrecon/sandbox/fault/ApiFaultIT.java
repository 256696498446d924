package io.payrecon.sandbox.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.payrecon.requestclient.ProviderException;
import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestNetworkProperties;
import io.payrecon.requestclient.SecurePaymentRequest;
import io.payrecon.sandbox.RunningSandbox;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API faults: the provider API answers 5xx, 429 or too late, for the next N calls or a share of them. */
class ApiFaultIT extends RunningSandbox {

    @Test
    void anErrorFaultAnswersTheNextCallsWithTheStatusThenEnds() {
        faults("{\"api\":{\"fault\":\"error\",\"status\":503,\"calls\":2}}");

        List<Integer> statuses = IntStream.range(0, 3)
                .mapToObj(i -> get("/v2/request/01abc", "x-api-key", API_KEY).statusCode())
                .toList();

        assertThat(statuses).containsExactly(503, 503, 404);
        assertThat(json(get("/sandbox/faults")).get("api").isNull()).isTrue();
    }

    @Test
    void anErrorFaultStrikesBeforeTheCredentialIsChecked() {
        faults("{\"api\":{\"fault\":\"error\",\"status\":500}}");

        HttpResponse<String> response = get("/v2/request/01abc");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("statusCode").asInt()).isEqualTo(500);
        assertThat(json(response).get("message").asString()).contains("sandbox API fault");
        assertThat(json(get("/sandbox/faults")).get("api").get("callsLeft").isNull())
                .isTrue();
    }

    @Test
    void theRequestClientSeesAnErrorFaultAsAProviderError() {
        faults("{\"api\":{\"fault\":\"error\",\"status\":502,\"calls\":1}}");
        RequestNetworkClient client = client(Duration.ofSeconds(5));

        ProviderException failure = catchThrowableOfType(ProviderException.class, () -> client.findRequest("01abc"));

        assertThat(failure.kind()).isEqualTo(ProviderException.Kind.HTTP_STATUS);
        assertThat(failure.status()).isEqualTo(502);
    }

    @Test
    void aRateLimitFaultAnswersTooManyRequests() {
        faults("{\"api\":{\"fault\":\"rate-limit\",\"calls\":1}}");

        HttpResponse<String> response =
                post("/v2/secure-payments", "{\"requests\":[{\"amount\":\"1\"}]}", "x-api-key", API_KEY);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(json(response).get("message").asString()).isEqualTo("ThrottlerException: Too Many Requests");
    }

    @Test
    void aTimedOutCreateStillCreatesTheLinkLikeTheProvider() {
        faults("{\"api\":{\"fault\":\"timeout\",\"delay\":\"1s\",\"calls\":1}}");
        RequestNetworkClient client = client(Duration.ofMillis(300));
        String reference = "order-" + UUID.randomUUID();

        ProviderException timedOut = catchThrowableOfType(
                ProviderException.class,
                () -> client.createSecurePayment(SecurePaymentRequest.single(
                        SecurePaymentRequest.Item.toBoundDestination(new BigDecimal("5")), reference)));

        assertThat(timedOut.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(json(get("/sandbox/payments?reference=" + reference))
                                .get("links"))
                        .as("no idempotency key: the provider created the link all the same")
                        .hasSize(1));
    }

    @Test
    void aShareOfCallsCanBeStruck() {
        faults("{\"api\":{\"fault\":\"error\",\"percent\":100,\"calls\":3}}");

        assertThat(IntStream.range(0, 4)
                        .map(i -> get("/v2/request/01abc", "x-api-key", API_KEY).statusCode()))
                .containsExactly(503, 503, 503, 404);
    }

    @Test
    void anApiFaultThatCannotBeReadIsAProblem() {
        for (String wrong : new String[] {
            "{\"api\":{\"fault\":\"explode\"}}",
            "{\"api\":{\"fault\":\"error\",\"status\":404}}",
            "{\"api\":{\"fault\":\"error\",\"percent\":0}}",
            "{\"api\":{\"fault\":\"error\",\"calls\":\"two\"}}",
            "{\"api\":{\"fault\":\"timeout\",\"delay\":\"forever\"}}"
        }) {
            HttpResponse<String> response = post("/sandbox/faults", wrong);

            assertThat(response.statusCode()).as(wrong).isEqualTo(400);
            assertThat(json(response).get("detail").asString()).as(wrong).startsWith("api.");
        }
        assertThat(json(get("/sandbox/faults")).get("api").isNull()).isTrue();
    }

    @Test
    void theApiFaultInForceIsShown() {
        JsonNode shown =
                json(faults("{\"api\":{\"fault\":\"timeout\",\"delay\":\"PT7S\",\"calls\":4,\"percent\":50}}"));

        assertThat(shown.get("api").toString())
                .isEqualTo("{\"fault\":\"timeout\",\"status\":null,\"delay\":\"PT7S\",\"callsLeft\":4,\"percent\":50}");
    }

    private RequestNetworkClient client(Duration timeout) {
        return new RequestNetworkClient(new RequestNetworkProperties(uri(""), API_KEY, null, null, timeout));
    }

    private HttpResponse<String> faults(String body) {
        HttpResponse<String> response = post("/sandbox/faults", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }
}
