package io.payrecon.requestclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RequestNetworkClientTest {

    private static final String API_KEY = "rn_live_api_key_0123456789";
    private static final String CLIENT_ID = "cli_nz1bj41szV2fvjm9pbxdIhro3ld4x4";
    private static final String REQUEST_ID = "01e273ecc29d4b526df3a0f1f05ffc59372af8752c2b678096e49ac270416a7cdb";
    private static final String TOKEN = "01KJRA0M9QG8MA4X887908T8A4";
    private static final String DESTINATION =
            "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7@eip155:11155111#1F969856:0x370DE27fdb7D1Ff1e1BaA7D11c5820a324Cf623C";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProviderStub provider;
    private RequestNetworkClient client;

    @BeforeEach
    void startProvider() throws IOException {
        provider = new ProviderStub();
        client = new RequestNetworkClient(properties(API_KEY, null, null, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    @Test
    void createsASecurePaymentToADestinationWithAmountsAsDecimalStrings() throws Exception {
        provider.answer(201, """
                {"requestIds":["%s"],"securePaymentUrl":"https://pay.request.network/?token=%s",
                 "token":"%s","feePlan":null}""".formatted(REQUEST_ID, TOKEN, TOKEN));

        SecurePaymentCreated created = client.createSecurePayment(new SecurePaymentRequest(
                List.of(SecurePaymentRequest.Item.toDestination(new BigDecimal("10.50"), DESTINATION)),
                "order-1001",
                "payer-7",
                "https://shop.example.com/orders/1001",
                "Back to the shop"));

        assertThat(created.requestIds()).containsExactly(REQUEST_ID);
        assertThat(created.token()).isEqualTo(TOKEN);
        assertThat(created.securePaymentUrl()).isEqualTo("https://pay.request.network/?token=" + TOKEN);
        assertThat(created.feePlan()).isNull();

        ProviderStub.Received request = provider.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v2/secure-payments");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("x-api-key")).isEqualTo(API_KEY);
        assertThat(request.header("x-client-id")).isNull();
        assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("""
                {"requests":[{"amount":"10.50","destinationId":"%s"}],"reference":"order-1001",
                 "payerIdentifier":"payer-7","redirectUrl":"https://shop.example.com/orders/1001",
                 "redirectLabel":"Back to the shop"}""".formatted(DESTINATION)));
    }

    @Test
    void createsABatchWithOnlyTheSchemasFieldsAndPlainAmounts() throws Exception {
        provider.answer(201, """
                {"requestIds":["%s","%s"],"securePaymentUrl":"u","token":"%s",
                 "feePlan":{"version":1,"flow":"get_paid","fees":[]}}""".formatted(REQUEST_ID, REQUEST_ID, TOKEN));

        SecurePaymentCreated created = client.createSecurePayment(new SecurePaymentRequest(
                List.of(
                        SecurePaymentRequest.Item.toDestination(new BigDecimal("100"), DESTINATION),
                        SecurePaymentRequest.Item.toBoundDestination(new BigDecimal("1E+1"))),
                null,
                null,
                null,
                null));

        assertThat(created.requestIds()).hasSize(2);
        assertThat(created.feePlan().get("flow").asString()).isEqualTo("get_paid");
        assertThat(JSON.readTree(provider.lastRequest().body())).isEqualTo(JSON.readTree("""
                {"requests":[{"amount":"100","destinationId":"%s"},
                             {"amount":"10"}]}""".formatted(DESTINATION)));
    }

    @Test
    void sendsTheClientIdAndOriginWhenThereIsNoApiKey() throws Exception {
        RequestNetworkClient frontend = new RequestNetworkClient(
                properties(null, CLIENT_ID, "https://shop.example.com", Duration.ofSeconds(5)));
        provider.answer(200, "{\"requestId\":\"%s\",\"hasBeenPaid\":false}".formatted(REQUEST_ID));

        frontend.findRequest(REQUEST_ID);

        ProviderStub.Received request = provider.lastRequest();
        assertThat(request.header("x-client-id")).isEqualTo(CLIENT_ID);
        assertThat(request.header("Origin")).isEqualTo("https://shop.example.com");
        assertThat(request.header("x-api-key")).isNull();
    }

    @Test
    void prefersTheApiKeyWhenBothCredentialsAreConfigured() throws Exception {
        RequestNetworkClient both =
                new RequestNetworkClient(properties(API_KEY, CLIENT_ID, "https://shop.example.com", null));
        provider.answer(404, "");

        both.findRequest(REQUEST_ID);

        ProviderStub.Received request = provider.lastRequest();
        assertThat(request.header("x-api-key")).isEqualTo(API_KEY);
        assertThat(request.header("x-client-id")).isNull();
        assertThat(request.header("Origin")).isNull();
    }

    @Test
    void refusesToBeBuiltWithoutACredential() {
        assertThatThrownBy(() -> new RequestNetworkClient(properties(" ", "", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request.api-key")
                .hasMessageContaining("REQUEST_CLIENT_ID");
    }

    @Test
    void readsARequestFromItsDocumentedFieldsAndIgnoresTheRest() throws Exception {
        provider.answer(200, """
                {"requestId":"%s","paymentReference":"0x2c3366941274c34c","hasBeenPaid":true,
                 "txHash":"0xbbb","status":"paid","reference":"order-1001","isListening":false,
                 "somethingNew":{"a":1},"customerInfo":null,"fees":null,
                 "payments":[{"txHash":"0xaaa","amount":"4.00","currency":"USDC","timestamp":"2026-03-02T14:20:00Z"},
                             {"txHash":"0xbbb","amount":"6.00","currency":"USDC","timestamp":"2026-03-02T14:29:58Z"}],
                 "conversionBreakdown":{"paidAmount":"10.00","remainingAmount":"0",
                                        "payments":[{"amount":"4.00","timestamp":"2026-03-02T14:20:00Z"},
                                                    {"amount":"6.00","timestamp":"2026-03-02T14:29:58Z"}]}}""".formatted(REQUEST_ID));

        Optional<RequestStatus> found = client.findRequest(REQUEST_ID);

        assertThat(found).isPresent();
        RequestStatus status = found.get();
        assertThat(status.hasBeenPaid()).isTrue();
        assertThat(status.txHash()).isEqualTo("0xbbb");
        assertThat(status.status()).isEqualTo("paid");
        assertThat(status.paidAmount()).isEqualByComparingTo("10.00");
        assertThat(status.remainingAmount()).isEqualByComparingTo("0");
        assertThat(status.payments())
                .containsExactly(
                        new RequestStatus.Payment(
                                "0xaaa", new BigDecimal("4.00"), "USDC", Instant.parse("2026-03-02T14:20:00Z")),
                        new RequestStatus.Payment(
                                "0xbbb", new BigDecimal("6.00"), "USDC", Instant.parse("2026-03-02T14:29:58Z")));
        ProviderStub.Received request = provider.lastRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/v2/request/" + REQUEST_ID);
    }

    @Test
    void readsAnUnpaidRequestWithoutAmounts() {
        provider.answer(200, """
                {"hasBeenPaid":false,"requestId":"%s","isListening":true,"txHash":null}""".formatted(REQUEST_ID));

        RequestStatus status = client.findRequest(REQUEST_ID).orElseThrow();

        assertThat(status.hasBeenPaid()).isFalse();
        assertThat(status.txHash()).isNull();
        assertThat(status.paidAmount()).isNull();
        assertThat(status.payments()).isEmpty();
    }

    @Test
    void anAnswerWhoseHasBeenPaidIsNotABooleanIsAnInvalidResponseThatSaysSo() {
        provider.answer(200, """
                {"requestId":"%s","hasBeenPaid":"yes","txHash":null}""".formatted(REQUEST_ID));

        ProviderException error = catchThrowableOfType(ProviderException.class, () -> client.findRequest(REQUEST_ID));

        assertThat(error.kind()).isEqualTo(ProviderException.Kind.INVALID_RESPONSE);
        assertThat(error.status()).isEqualTo(200);
        assertThat(error.getMessage())
                .isEqualTo("Request Network answered 200 to GET /v2/request/" + REQUEST_ID
                        + " with a body that cannot be read: hasBeenPaid is a string, not a boolean");
        assertThat(error.isRetryable()).isFalse();
    }

    @Test
    void anAnswerThatIsNotJsonIsAnInvalidResponse() {
        provider.answerText(200, "<html>maintenance</html>");

        ProviderException error = catchThrowableOfType(ProviderException.class, () -> client.findRequest(REQUEST_ID));

        assertThat(error.kind()).isEqualTo(ProviderException.Kind.INVALID_RESPONSE);
        assertThat(error.getMessage()).endsWith("the body is not a JSON object");
    }

    @Test
    void anUnknownRequestIsEmpty() {
        provider.answer(404, "{\"message\":\"Request not found\",\"statusCode\":404}");

        assertThat(client.findRequest(REQUEST_ID)).isEmpty();
    }

    @Test
    void anIdIsEncodedWholeSoItCannotReachAnotherPath() throws Exception {
        provider.answer(404, "");

        client.findRequest("../secure-payments/x?y");

        assertThat(provider.lastRequest().rawPath()).isEqualTo("/v2/request/..%2Fsecure-payments%2Fx%3Fy");
    }

    @Test
    void aValidationErrorCarriesTheStatusAndTheProvidersMessages() {
        provider.answer(400, """
                {"statusCode":400,"message":["requests.0.amount must be a string","reference must be shorter"],
                 "error":"Bad Request"}""");

        ProviderException error = catchThrowableOfType(ProviderException.class, this::createOne);

        assertThat(error.kind()).isEqualTo(ProviderException.Kind.HTTP_STATUS);
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.providerMessage()).isEqualTo("requests.0.amount must be a string; reference must be shorter");
        assertThat(error.operation()).isEqualTo("POST /v2/secure-payments");
        assertThat(error.isRetryable()).isFalse();
        assertThat(error.getMessage())
                .isEqualTo("Request Network answered 400 to POST /v2/secure-payments: "
                        + "requests.0.amount must be a string; reference must be shorter");
    }

    @Test
    void aForbiddenDestinationCarriesTheProvidersMessageAndCode() {
        provider.answer(403, """
                {"message":"Destination does not match the configured payment destination.","code":"DESTINATION_MISMATCH"}""");

        ProviderException error = catchThrowableOfType(ProviderException.class, this::createOne);

        assertThat(error.status()).isEqualTo(403);
        assertThat(error.providerMessage()).isEqualTo("Destination does not match the configured payment destination.");
        assertThat(error.providerCode()).isEqualTo("DESTINATION_MISMATCH");
    }

    @Test
    void aBodyWithoutMessageIsKeptRaw() {
        provider.answerText(502, "<html>Bad gateway</html>");

        ProviderException error = catchThrowableOfType(ProviderException.class, this::createOne);

        assertThat(error.status()).isEqualTo(502);
        assertThat(error.providerMessage()).isNull();
        assertThat(error.body()).isEqualTo("<html>Bad gateway</html>");
        assertThat(error.getMessage()).endsWith(": <html>Bad gateway</html>");
        assertThat(error.isRetryable()).isTrue();
    }

    @Test
    void tooManyRequestsIsRetryable() {
        provider.answer(429, "{\"message\":\"ThrottlerException: Too Many Requests\",\"statusCode\":429}");

        ProviderException error = catchThrowableOfType(ProviderException.class, () -> client.findRequest(REQUEST_ID));

        assertThat(error.status()).isEqualTo(429);
        assertThat(error.isRetryable()).isTrue();
    }

    @Test
    void anErrorNeverCarriesTheCredentialEvenWhenTheProviderEchoesIt() {
        provider.answer(401, "{\"message\":\"Invalid API key " + API_KEY + "\",\"key\":\"" + API_KEY + "\"}");

        ProviderException error = catchThrowableOfType(ProviderException.class, this::createOne);

        assertThat(error.status()).isEqualTo(401);
        assertThat(error.getMessage()).doesNotContain(API_KEY).contains("[redacted]");
        assertThat(error.providerMessage()).doesNotContain(API_KEY);
        assertThat(error.body()).doesNotContain(API_KEY);
    }

    @Test
    void aSlowProviderIsATimeout() {
        RequestNetworkClient impatient =
                new RequestNetworkClient(properties(API_KEY, null, null, Duration.ofMillis(300)));
        provider.stall();

        ProviderException error =
                catchThrowableOfType(ProviderException.class, () -> impatient.findRequest(REQUEST_ID));

        assertThat(error.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
        assertThat(error.status()).isZero();
        assertThat(error.isRetryable()).isTrue();
        assertThat(error.getMessage()).doesNotContain(API_KEY);
    }

    @Test
    void aRefusedConnectionIsAConnectionFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RequestNetworkClient unreachable = new RequestNetworkClient(new RequestNetworkProperties(
                URI.create("http://127.0.0.1:" + closedPort), API_KEY, null, null, Duration.ofSeconds(2)));

        ProviderException error =
                catchThrowableOfType(ProviderException.class, () -> unreachable.findRequest(REQUEST_ID));

        assertThat(error.kind()).isEqualTo(ProviderException.Kind.CONNECTION_FAILED);
        assertThat(error.status()).isZero();
        assertThat(error.isRetryable()).isTrue();
    }

    @Test
    void aSuccessBodyThatIsNotJsonIsAnInvalidResponse() {
        provider.answerText(201, "created!");

        ProviderException error = catchThrowableOfType(ProviderException.class, this::createOne);

        assertThat(error.kind()).isEqualTo(ProviderException.Kind.INVALID_RESPONSE);
        assertThat(error.status()).isEqualTo(201);
        assertThat(error.body()).isEqualTo("created!");
    }

    @Test
    void aPayableLinkIsReadWithItsFields() throws Exception {
        provider.answer(200, """
                {"paymentType":"single","status":"pending","requestIds":["%s"],"amount":"10.50",
                 "paymentCurrency":"FAU-sepolia","reference":"order-1001","destination":{"network":"sepolia"},
                 "paymentOptions":{}}""".formatted(REQUEST_ID));

        SecurePaymentLookup lookup = client.lookUpSecurePayment(TOKEN);

        assertThat(lookup.outcome()).isEqualTo(SecurePaymentLookup.Outcome.PAYABLE);
        assertThat(lookup.status()).isEqualTo("pending");
        assertThat(lookup.requestIds()).containsExactly(REQUEST_ID);
        assertThat(lookup.amount()).isEqualByComparingTo("10.50");
        assertThat(lookup.paymentCurrency()).isEqualTo("FAU-sepolia");
        assertThat(lookup.reference()).isEqualTo("order-1001");
        assertThat(lookup.body().get("destination").get("network").asString()).isEqualTo("sepolia");
        assertThat(provider.lastRequest().rawPath()).isEqualTo("/v2/secure-payments/" + TOKEN);
    }

    @Test
    void aCompletedLinkCarriesEachRequestsPayment() {
        provider.answer(409, """
                {"message":"Secure payment has already been completed","status":"completed",
                 "requestStatuses":[{"requestId":"%s","hasBeenPaid":true,"txHash":"0x1234"}]}""".formatted(REQUEST_ID));

        SecurePaymentLookup lookup = client.lookUpSecurePayment(TOKEN);

        assertThat(lookup.outcome()).isEqualTo(SecurePaymentLookup.Outcome.COMPLETED);
        assertThat(lookup.status()).isEqualTo("completed");
        assertThat(lookup.message()).isEqualTo("Secure payment has already been completed");
        assertThat(lookup.requestStatuses())
                .containsExactly(new SecurePaymentLookup.RequestPaymentStatus(REQUEST_ID, true, "0x1234"));
    }

    @Test
    void anExpiredLinkIsNotPayable() {
        provider.answer(403, "{\"statusCode\":403,\"message\":\"Secure payment has expired\",\"error\":\"Forbidden\"}");

        SecurePaymentLookup lookup = client.lookUpSecurePayment(TOKEN);

        assertThat(lookup.outcome()).isEqualTo(SecurePaymentLookup.Outcome.NOT_PAYABLE);
        assertThat(lookup.message()).isEqualTo("Secure payment has expired");
    }

    @Test
    void anUnknownLinkIsNotFoundEvenWithoutABody() {
        provider.answer(404, "");

        SecurePaymentLookup lookup = client.lookUpSecurePayment(TOKEN);

        assertThat(lookup.outcome()).isEqualTo(SecurePaymentLookup.Outcome.NOT_FOUND);
        assertThat(lookup.body()).isNull();
    }

    @Test
    void aLinkInProgressIsReported() {
        provider.answer(423, "{\"message\":\"Secure payment is in progress\"}");

        assertThat(client.lookUpSecurePayment(TOKEN).outcome()).isEqualTo(SecurePaymentLookup.Outcome.IN_PROGRESS);
    }

    @Test
    void anUnauthorizedLookupIsAProviderFailure() {
        provider.answer(401, "{\"message\":\"Unauthorized\",\"statusCode\":401}");

        ProviderException error =
                catchThrowableOfType(ProviderException.class, () -> client.lookUpSecurePayment(TOKEN));

        assertThat(error.status()).isEqualTo(401);
        assertThat(error.providerMessage()).isEqualTo("Unauthorized");
    }

    @Test
    void aFeePlanObjectIsKeptAsJson() {
        provider.answer(201, """
                {"requestIds":["%s"],"securePaymentUrl":"u","token":"%s","feePlan":{"version":1,"totalFeesUsd":"0.10"}}""".formatted(REQUEST_ID, TOKEN));

        JsonNode feePlan = createOne().feePlan();

        assertThat(feePlan.get("totalFeesUsd").asString()).isEqualTo("0.10");
    }

    private SecurePaymentCreated createOne() {
        return client.createSecurePayment(SecurePaymentRequest.single(
                SecurePaymentRequest.Item.toBoundDestination(new BigDecimal("10.50")), "order-1001"));
    }

    private RequestNetworkProperties properties(String apiKey, String clientId, String origin, Duration timeout) {
        return new RequestNetworkProperties(provider.baseUrl(), apiKey, clientId, origin, timeout);
    }
}
