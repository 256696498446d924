package io.payrecon.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.payrecon.requestclient.ProviderException;
import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestNetworkProperties;
import io.payrecon.requestclient.RequestStatus;
import io.payrecon.requestclient.SecurePaymentCreated;
import io.payrecon.requestclient.SecurePaymentLookup;
import io.payrecon.requestclient.SecurePaymentRequest;
import io.payrecon.sandbox.RunningSandbox;
import io.payrecon.sandbox.Ulid;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The provider API of the sandbox, over real HTTP: it must answer like request-network-api.md §2-3. */
class SecurePaymentApiIT extends RunningSandbox {

    private static final String REQUEST_ID = "[0-9a-f]{66}";
    private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";

    @Test
    void createsALinkAnsweringExactlyLikeTheProvider() {
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> response = post("/v2/secure-payments", """
                {"requests":[{"amount":"10.50","destinationId":"%s"}],"reference":"order-1001",
                 "payerIdentifier":"payer-7","redirectUrl":"https://shop.example.com/done","redirectLabel":"Back"}""".formatted(DESTINATION), "x-api-key", API_KEY);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.propertyNames()).containsExactly("requestIds", "securePaymentUrl", "token", "feePlan");
        assertThat(body.get("requestIds")).hasSize(1);
        assertThat(body.get("requestIds").get(0).asString()).matches(REQUEST_ID);
        String token = body.get("token").asString();
        assertThat(token).matches(ULID);
        assertThat(Ulid.timeOf(token)).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(body.get("securePaymentUrl").asString()).isEqualTo("http://sandbox.test:8090/?token=" + token);
        assertThat(body.get("feePlan").isNull()).isTrue();
    }

    @Test
    void aBatchGetsOneRequestIdPerItem() {
        HttpResponse<String> response = post(
                "/v2/secure-payments",
                "{\"requests\":[{\"amount\":\"1\"},{\"amount\":\"2.5\"},{\"amount\":\"0.001\"}]}",
                "x-api-key",
                API_KEY);

        assertThat(response.statusCode()).isEqualTo(201);
        List<String> requestIds = json(response)
                .get("requestIds")
                .valueStream()
                .map(JsonNode::asString)
                .toList();
        assertThat(requestIds).hasSize(3).doesNotHaveDuplicates().allMatch(id -> id.matches(REQUEST_ID));
    }

    /**
     * OpenAPI {@code paths./v2/secure-payments.post.requestBody}: an item has only {@code destinationId} and
     * {@code amount}, so the guide's older shape (§2) is refused in the validator's whitelist style, not honoured.
     */
    @Test
    void refusesTheOlderPayeeShapeInsteadOfPayingThePayeeItNames() {
        HttpResponse<String> response = post("/v2/secure-payments", """
                {"requests":[{"amount":"25","payee":"0x1111111111111111111111111111111111111111",
                  "invoiceCurrency":"USD","paymentCurrency":"USDC-base"}]}""", "x-api-key", API_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response).get("message").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(
                        "requests.0.property payee should not exist",
                        "requests.0.property invoiceCurrency should not exist",
                        "requests.0.property paymentCurrency should not exist");
        assertThat(get("/sandbox/payments?reference=x").statusCode()).isEqualTo(200);
    }

    /** OpenAPI {@code paths./v2/secure-payments.post.requestBody}: every property it lists is accepted. */
    @Test
    void acceptsEveryPropertyTheSchemaLists() {
        HttpResponse<String> response = post("/v2/secure-payments", """
                {"requests":[{"amount":"25","destinationId":"%s"}],"feePercentage":"2.5","feeAddress":"0xabc",
                 "reference":"order-all","payerIdentifier":"payer-1","redirectUrl":"https://shop.example.com/done",
                 "redirectLabel":"Back","accessPolicy":{"mode":"off","screeningProvider":null,
                 "hideUntilApproved":false,"hidePayeeAddress":true,"allowedPayerAddresses":["0xabc"]}}""".formatted(DESTINATION), "x-api-key", API_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void refusesACallWithoutCredentialLikeTheProvider() {
        HttpResponse<String> response = post("/v2/secure-payments", "{\"requests\":[{\"amount\":\"1\"}]}");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = json(response);
        assertThat(body.get("statusCode").asInt()).isEqualTo(401);
        assertThat(body.get("error").asString()).isEqualTo("Unauthorized");
        assertThat(body.get("message").asString()).contains("x-api-key");
    }

    @Test
    void refusesAnUnknownApiKeyOrClientId() {
        String body = "{\"requests\":[{\"amount\":\"1\"}]}";

        assertThat(post("/v2/secure-payments", body, "x-api-key", "someone-else")
                        .statusCode())
                .isEqualTo(401);
        assertThat(post("/v2/secure-payments", body, "x-client-id", "cli_unknown")
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/v2/request/01abc").statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no requests                  | {}                                                         | requests must be an array
            empty requests               | {"requests":[]}                                            | requests must contain at least 1 elements
            amount as a number           | {"requests":[{"amount":10.5}]}                             | requests.0.amount must be a string
            amount missing               | {"requests":[{"destinationId":"x@eip155:1#1F969856:0x1"}]} | requests.0.amount must be a string
            amount zero                  | {"requests":[{"amount":"0"}]}                              | requests.0.amount must be a decimal number greater than 0
            amount negative              | {"requests":[{"amount":"-1"}]}                             | requests.0.amount must be a decimal number greater than 0
            amount not a number          | {"requests":[{"amount":"ten"}]}                            | requests.0.amount must be a decimal number greater than 0
            amount in exponent form      | {"requests":[{"amount":"1e3"}]}                            | requests.0.amount must be a decimal number greater than 0
            second item wrong            | {"requests":[{"amount":"1"},{"amount":""}]}                | requests.1.amount must be a decimal number greater than 0
            destination malformed        | {"requests":[{"amount":"1","destinationId":"0xabc"}]}      | requests.0.destinationId must look like
            older payee shape            | {"requests":[{"amount":"1","payee":"0xabc"}]}              | requests.0.property payee should not exist
            unknown item property        | {"requests":[{"amount":"1","memo":"x"}]}                   | requests.0.property memo should not exist
            unknown property             | {"requests":[{"amount":"1"}],"expiresAt":"2030-01-01"}     | property expiresAt should not exist
            fee field not text           | {"requests":[{"amount":"1"}],"feePercentage":2.5}          | feePercentage must be a string
            access policy not an object  | {"requests":[{"amount":"1"}],"accessPolicy":"off"}         | nested property accessPolicy must be either object or array
            access policy unknown mode   | {"requests":[{"amount":"1"}],"accessPolicy":{"mode":"on"}} | accessPolicy.mode must be one of the following values
            access policy unknown field  | {"requests":[{"amount":"1"}],"accessPolicy":{"x":1}}       | accessPolicy.property x should not exist
            label without url            | {"requests":[{"amount":"1"}],"redirectLabel":"Back"}       | redirectLabel is only allowed together with redirectUrl
            url not http                 | {"requests":[{"amount":"1"}],"redirectUrl":"javascript:alert(1)"} | redirectUrl must be an http(s) URL
            url with a quote             | {"requests":[{"amount":"1"}],"redirectUrl":"https://a.example/'x"} | redirectUrl must be an http(s) URL
            url with a space             | {"requests":[{"amount":"1"}],"redirectUrl":"https://a.example/ x"} | redirectUrl must be an http(s) URL
            label with markup            | {"requests":[{"amount":"1"}],"redirectUrl":"https://a.example","redirectLabel":"<b>"} | redirectLabel must not contain
            empty reference              | {"requests":[{"amount":"1"}],"reference":""}               | reference must be longer than or equal to 1 characters
            reference not text           | {"requests":[{"amount":"1"}],"reference":42}               | reference must be a string
            not json                     | {"requests":                                               | The body is not valid JSON
            """)
    void refusesAnInvalidBodyWithTheProvidersValidationShape(String rule, String body, String message) {
        HttpResponse<String> response = post("/v2/secure-payments", body, "x-api-key", API_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = json(response);
        assertThat(error.get("statusCode").asInt()).isEqualTo(400);
        assertThat(error.get("error").asString()).isEqualTo("Bad Request");
        assertThat(error.get("message").isArray()).isTrue();
        assertThat(error.get("message").valueStream().map(JsonNode::asString))
                .anySatisfy(text -> assertThat(text).startsWith(message));
    }

    @Test
    void refusesMoreThanTwoHundredRequests() {
        String items =
                IntStream.range(0, 201).mapToObj(i -> "{\"amount\":\"1\"}").collect(Collectors.joining(","));

        HttpResponse<String> response =
                post("/v2/secure-payments", "{\"requests\":[" + items + "]}", "x-api-key", API_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("requests must contain no more than 200 elements");
    }

    @Test
    void refusesAReferenceLongerThan255Characters() {
        HttpResponse<String> response = post(
                "/v2/secure-payments",
                "{\"requests\":[{\"amount\":\"1\"}],\"reference\":\"" + "r".repeat(256) + "\"}",
                "x-api-key",
                API_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("reference must be shorter than or equal to 255 characters");
    }

    @Test
    void acceptsABatchOfTwoHundredRequests() {
        String items =
                IntStream.range(0, 200).mapToObj(i -> "{\"amount\":\"1\"}").collect(Collectors.joining(","));

        HttpResponse<String> response =
                post("/v2/secure-payments", "{\"requests\":[" + items + "]}", "x-api-key", API_KEY);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("requestIds")).hasSize(200);
    }

    /** OpenAPI {@code paths./v2/secure-payments.post.responses.400}: "a multi-item batch on a TRON network". */
    @Test
    void refusesABatchOnTron() {
        String item = "{\"amount\":\"1\"}";

        HttpResponse<String> batch =
                post("/v2/secure-payments", "{\"requests\":[" + item + "," + item + "]}", "x-api-key", TRON_API_KEY);
        HttpResponse<String> single =
                post("/v2/secure-payments", "{\"requests\":[" + item + "]}", "x-api-key", TRON_API_KEY);

        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(batch.body()).contains("Batch payments are not supported on TRON");
        assertThat(single.statusCode()).as(single.body()).isEqualTo(201);
        JsonNode link =
                json(get("/v2/secure-payments/" + json(single).get("token").asString(), clientIdHeaders()));
        assertThat(link.get("network").asString()).isEqualTo("tron");
        assertThat(link.get("paymentCurrency").asString()).isEqualTo("USDT");
    }

    /**
     * An amount the destination's token cannot carry: FAU has 18 decimals, USDC 6 (request-network-api.md §5: the
     * destination names the token); trailing zeros are not decimals.
     */
    @ParameterizedTest(name = "{1} with {0}")
    @CsvSource(delimiter = '|', textBlock = """
            FAU  | 1.0000000000000000001 | 400 | requests.0.amount has more decimals than FAU allows (18)
            FAU  | 1.000000000000000001  | 201 |
            USDC | 10.0000001            | 400 | requests.0.amount has more decimals than USDC allows (6)
            USDC | 10.000001             | 201 |
            USDC | 10.5000000            | 201 |
            CENT | 10.005                | 400 | requests.0.amount has more decimals than CENT allows (2)
            CENT | 10.05                 | 201 |
            """)
    void refusesAnAmountWithMoreDecimalsThanTheDestinationsToken(
            String currency, String amount, int status, String message) {
        String apiKey = switch (currency) {
            case "FAU" -> API_KEY;
            case "USDC" -> OTHER_SHOP_API_KEY;
            default -> CENTS_API_KEY;
        };

        HttpResponse<String> response = post(
                "/v2/secure-payments", "{\"requests\":[{\"amount\":\"%s\"}]}".formatted(amount), "x-api-key", apiKey);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (status == 400) {
            assertThat(json(response).get("message").valueStream().map(JsonNode::asString))
                    .containsExactly(message);
        } else {
            JsonNode link = json(
                    get("/v2/secure-payments/" + json(response).get("token").asString(), clientIdHeaders()));
            assertThat(link.get("paymentCurrency").asString()).isEqualTo(currency);
        }
    }

    @Test
    void ignoresTheDeprecatedFeeFields() {
        HttpResponse<String> response = post(
                "/v2/secure-payments",
                "{\"requests\":[{\"amount\":\"10\"}],\"feePercentage\":\"2.5\",\"feeAddress\":\"0xabc\"}",
                "x-api-key",
                API_KEY);

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void aPayableLinkAnswersInTheOpenApiSingleShapeWithItsDestination() {
        JsonNode link = createLinkFrom("""
                {"requests":[{"amount":"10.50"}],"reference":"order-5","redirectUrl":"https://shop.example.com/done",
                 "redirectLabel":"Back to the shop"}""");

        HttpResponse<String> response =
                get("/v2/secure-payments/" + link.get("token").asString(), clientIdHeaders());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.propertyNames())
                .contains(
                        "paymentType",
                        "status",
                        "redirectUrl",
                        "redirectLabel",
                        "branding",
                        "requestIds",
                        "payee",
                        "network",
                        "amount",
                        "paymentCurrency",
                        "isNativeCurrency",
                        "destination",
                        "reference",
                        "feePlan",
                        "paymentOptions");
        assertThat(body.get("paymentType").asString()).isEqualTo("single");
        assertThat(body.get("network").asString()).isEqualTo("sepolia");
        assertThat(body.get("paymentCurrency").asString()).isEqualTo("FAU");
        assertThat(body.get("redirectLabel").asString()).isEqualTo("Back to the shop");
        JsonNode destination = body.get("destination");
        assertThat(destination.get("destinationId").asString()).isEqualTo(DESTINATION);
        assertThat(destination.get("walletAddress").asString()).isEqualTo("0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7");
        assertThat(destination.get("tokenAddress").asString()).isEqualTo("0x370DE27fdb7D1Ff1e1BaA7D11c5820a324Cf623C");
        assertThat(destination.get("payeeAddress").asString())
                .isEqualTo("0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7@eip155:11155111#1F969856");
    }

    @Test
    void aPayableBatchAnswersInTheOpenApiBatchShape() {
        JsonNode link = createLinkFrom("{\"requests\":[{\"amount\":\"1\"},{\"amount\":\"2.5\"}]}");

        JsonNode body = json(get("/v2/secure-payments/" + link.get("token").asString(), clientIdHeaders()));

        assertThat(body.get("paymentType").asString()).isEqualTo("batch");
        assertThat(body.get("amounts").valueStream().map(JsonNode::asString)).containsExactly("1", "2.5");
        assertThat(body.get("payees")).hasSize(2);
        assertThat(body.get("destinations")).hasSize(2);
        assertThat(body.get("paymentCurrencies")).hasSize(2);
    }

    @Test
    void aLinkIsPayableUntilPaidThenCompleted() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        HttpResponse<String> pending = get("/v2/secure-payments/" + token, clientIdHeaders());
        assertThat(pending.statusCode()).isEqualTo(200);
        assertThat(json(pending).get("status").asString()).isEqualTo("pending");
        assertThat(json(pending).get("amount").asString()).isEqualTo("10.50");

        assertThat(post("/sandbox/payments/" + token, null).statusCode()).isEqualTo(202);

        HttpResponse<String> completed = get("/v2/secure-payments/" + token, clientIdHeaders());
        assertThat(completed.statusCode()).isEqualTo(409);
        JsonNode statuses = json(completed).get("requestStatuses");
        assertThat(statuses.get(0).get("requestId").asString()).isEqualTo(requestId);
        assertThat(statuses.get(0).get("hasBeenPaid").asBoolean()).isTrue();
        assertThat(statuses.get(0).get("txHash").asString()).matches("0x[0-9a-f]{64}");
    }

    @Test
    void unknownTokensAndRequestsAreNotFound() {
        assertThat(get("/v2/secure-payments/01KJRA0M9QG8MA4X887908T8A4", clientIdHeaders())
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> request = get("/v2/request/01abc", "x-api-key", API_KEY);
        assertThat(request.statusCode()).isEqualTo(404);
        assertThat(json(request).get("message").asString()).isEqualTo("Request not found");
    }

    /** Links are read with a Client ID, as the provider requires; everything else with the API key. */
    @Test
    void theRequestClientAndTheSandboxAgree() {
        RequestNetworkClient client = new RequestNetworkClient(
                new RequestNetworkProperties(uri(""), API_KEY, null, null, Duration.ofSeconds(5)));
        RequestNetworkClient linkReader = new RequestNetworkClient(
                new RequestNetworkProperties(uri(""), null, CLIENT_ID, BACKEND_ORIGIN, Duration.ofSeconds(5)));

        SecurePaymentCreated created = client.createSecurePayment(SecurePaymentRequest.single(
                SecurePaymentRequest.Item.toDestination(new BigDecimal("12.30"), DESTINATION), "order-2002"));
        String requestId = created.requestIds().get(0);

        assertThat(linkReader.lookUpSecurePayment(created.token()).outcome())
                .isEqualTo(SecurePaymentLookup.Outcome.PAYABLE);
        ProviderException apiKeyRead =
                catchThrowableOfType(ProviderException.class, () -> client.lookUpSecurePayment(created.token()));
        assertThat(apiKeyRead.status()).isEqualTo(401);
        assertThat(post("/sandbox/payments/" + created.token(), "{\"outcome\":\"partial\",\"amount\":\"2.30\"}")
                        .statusCode())
                .isEqualTo(202);
        RequestStatus status = client.findRequest(requestId).orElseThrow();
        assertThat(status.hasBeenPaid()).isFalse();
        assertThat(status.reference()).isEqualTo("order-2002");
        assertThat(status.txHash()).matches("0x[0-9a-f]{64}");
        assertThat(status.payments()).hasSize(1);
        assertThat(client.findRequest("01" + "0".repeat(64))).isEmpty();

        RequestNetworkClient stranger = new RequestNetworkClient(
                new RequestNetworkProperties(uri(""), "wrong-key", null, null, Duration.ofSeconds(5)));
        ProviderException refused =
                catchThrowableOfType(ProviderException.class, () -> stranger.findRequest(requestId));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.getMessage()).doesNotContain("wrong-key");
    }

    @Test
    void exposesHealthAndPrometheusMetrics() {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    }
}
