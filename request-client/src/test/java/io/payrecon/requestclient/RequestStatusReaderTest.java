package io.payrecon.requestclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v2/request/{requestId}}'s 200 answer, read from its documented fields: every example of the provider's
 * OpenAPI, the sandbox's shape, and answers with odd optional fields, which are read as absent, never as a failure.
 */
class RequestStatusReaderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REQUEST_ID = "01e273ecc29d4b526df3a0f1f05ffc59372af8752c2b678096e49ac270416a7cdb";

    /** The examples of the provider's OpenAPI (200 answer), copied into the test resources. */
    private static final String EXAMPLES = "/request-network/request-status/openapi-200-examples.json";

    /** The team's shared copy of the provider's OpenAPI, beside the repository; a clone on its own does not have it. */
    private static final Path SHARED_OPENAPI = Path.of("../../shared/fixtures/request-network/openapi.v2.json");

    static Stream<String> examples() {
        return examplesNode().propertyNames().stream();
    }

    @Test
    void theExamplesAreTheOnesOfTheProvidersOpenApi() {
        assumeThat(SHARED_OPENAPI)
                .as("the shared OpenAPI beside the repository")
                .isRegularFile();

        JsonNode shared = JSON.readTree(SHARED_OPENAPI.toFile())
                .path("paths")
                .path("/v2/request/{requestId}")
                .path("get")
                .path("responses")
                .path("200")
                .path("content")
                .path("application/json")
                .path("examples");

        assertThat(examplesNode()).isEqualTo(shared);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleOfTheOpenApiReads(String name) {
        JsonNode example = examplesNode().get(name).get("value");

        RequestStatus status = RequestStatusReader.read(REQUEST_ID, example);

        assertThat(status.hasBeenPaid()).isEqualTo(example.get("hasBeenPaid").booleanValue());
        assertThat(status.requestId()).isEqualTo(REQUEST_ID);
        assertThat(status.payments()).isEmpty();
        assertThat(status.requestAmount()).isNull();
        assertThat(status.excessAmount()).isNull();
    }

    @Test
    void aPaidExampleHasItsTransactionAndNoBreakdown() {
        RequestStatus paid = example("paid");

        assertThat(paid.hasBeenPaid()).isTrue();
        assertThat(paid.txHash()).isEqualTo("0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef");
        assertThat(paid.conversionBreakdown()).isNull();
        assertThat(paid.paidAmount())
                .as("paid in full by one payment: no amount told")
                .isNull();
        assertThat(paid.remainingAmount()).isNull();
    }

    @Test
    void aPartlyPaidExampleTellsWhatWasReceivedAndWhatRemainsByItsBreakdown() {
        RequestStatus partly = example("partiallyPaidWithBreakdown");

        assertThat(partly.hasBeenPaid()).isFalse();
        assertThat(partly.paidAmount()).isEqualByComparingTo("75.00");
        assertThat(partly.remainingAmount()).isEqualByComparingTo("25.00");
        assertThat(partly.conversionBreakdown().payments())
                .containsExactly(new RequestStatus.BreakdownPayment(
                        new BigDecimal("75.00"), Instant.parse("2025-01-01T10:00:00Z")));
    }

    @Test
    void aRequestPaidByTwoPaymentsListsBothInItsBreakdown() {
        RequestStatus paid = example("multiplePayments");

        assertThat(paid.hasBeenPaid()).isTrue();
        assertThat(paid.paidAmount()).isEqualByComparingTo("100.00");
        assertThat(paid.remainingAmount()).isEqualByComparingTo("0");
        assertThat(paid.conversionBreakdown().payments())
                .extracting(RequestStatus.BreakdownPayment::amount)
                .containsExactly(new BigDecimal("50.00"), new BigDecimal("50.00"));
    }

    @Test
    void anUnpaidExampleHasNothingPaid() {
        RequestStatus unpaid = example("unpaidRequest");

        assertThat(unpaid.hasBeenPaid()).isFalse();
        assertThat(unpaid.txHash()).isNull();
        assertThat(unpaid.paidAmount()).isNull();
        assertThat(unpaid.paymentReference()).isEqualTo("0xb3581f0b0f74cc61");
    }

    @Test
    void theSandboxsPartlyPaidAnswerReadsWithItsPaymentItems() {
        RequestStatus status = read("""
                {"requestId":"%s","paymentReference":"0x2c3366941274c34c","hasBeenPaid":false,"isListening":true,
                 "txHash":"0xaaa","status":"partially_paid","reference":"order-1001",
                 "payments":[{"txHash":"0xaaa","amount":"4.00","currency":"USDC","timestamp":"2026-10-01T10:05:00Z"}],
                 "conversionBreakdown":{"paidAmount":"4.00","remainingAmount":"6.00",
                                        "payments":[{"amount":"4.00","timestamp":"2026-10-01T10:05:00Z"}]},
                 "customerInfo":null,"fees":[]}""".formatted(REQUEST_ID));

        assertThat(status)
                .isEqualTo(new RequestStatus(
                        REQUEST_ID,
                        "0x2c3366941274c34c",
                        false,
                        "0xaaa",
                        "partially_paid",
                        "order-1001",
                        new RequestStatus.ConversionBreakdown(
                                new BigDecimal("4.00"),
                                new BigDecimal("6.00"),
                                List.of(new RequestStatus.BreakdownPayment(
                                        new BigDecimal("4.00"), Instant.parse("2026-10-01T10:05:00Z")))),
                        List.of(new RequestStatus.Payment(
                                "0xaaa", new BigDecimal("4.00"), "USDC", Instant.parse("2026-10-01T10:05:00Z"))),
                        null));
        assertThat(status.paidAmount()).isEqualByComparingTo("4.00");
    }

    @Test
    void paymentItemsInTheShapeOfTheProvidersQueryPageReadToo() {
        RequestStatus status = read("""
                {"hasBeenPaid":true,"payments":[{"paidAmount":"12.00","paidCurrency":"USDC","txHash":"0xabc",
                                                 "timestamp":"2026-03-02T14:29:58Z","chain":"sepolia"}]}""");

        assertThat(status.payments())
                .containsExactly(new RequestStatus.Payment(
                        "0xabc", new BigDecimal("12.00"), "USDC", Instant.parse("2026-03-02T14:29:58Z")));
    }

    @Test
    void topLevelAmountsOfTheQueryPageAreReadButTheBreakdownComesFirst() {
        RequestStatus status = read("""
                {"hasBeenPaid":false,"requestAmount":"10","paidAmount":"3","excessAmount":"0",
                 "conversionBreakdown":{"paidAmount":"4","remainingAmount":"6"}}""");

        assertThat(status.requestAmount()).isEqualByComparingTo("10");
        assertThat(status.excessAmount()).isEqualByComparingTo("0");
        assertThat(status.paidAmount()).isEqualByComparingTo("4");
        assertThat(read("{\"hasBeenPaid\":false,\"paidAmount\":\"3\"}").paidAmount())
                .isEqualByComparingTo("3");
    }

    @Test
    void anItemWithoutATransactionHashOrAnAmountIsLeftOutNotAFailure() {
        RequestStatus status = read("""
                {"hasBeenPaid":true,"txHash":"0xabc",
                 "payments":[{"network":"sepolia"},"0xabc",null,{"txHash":42,"amount":"ten"},
                             {"txHash":"0xabc"},{"amount":"5.5","timestamp":"yesterday","currency":7}]}""");

        assertThat(status.payments())
                .containsExactly(
                        new RequestStatus.Payment("0xabc", null, null, null),
                        new RequestStatus.Payment(null, new BigDecimal("5.5"), null, null));
    }

    @Test
    void optionalFieldsOfAnotherTypeAreReadAsAbsent() {
        RequestStatus status = read("""
                {"hasBeenPaid":true,"requestId":7,"txHash":{"hash":"0xabc"},"status":["paid"],"reference":false,
                 "payments":"none","conversionBreakdown":"n/a","customerInfo":"x","fees":{},"isListening":"no",
                 "somethingNew":{"a":1}}""");

        assertThat(status).isEqualTo(new RequestStatus(null, null, true, null, null, null, null, List.of(), null));
    }

    @Test
    void oddAmountsInTheBreakdownAreReadAsAbsent() {
        RequestStatus status = read("""
                {"hasBeenPaid":false,
                 "conversionBreakdown":{"paidAmount":"-4","remainingAmount":6,
                                        "payments":{"amount":"4"}}}""");

        assertThat(status.paidAmount()).isNull();
        assertThat(status.remainingAmount()).isEqualByComparingTo("6");
        assertThat(status.conversionBreakdown().payments()).isEmpty();
        assertThat(read("{\"hasBeenPaid\":false,\"conversionBreakdown\":{\"paidAmount\":\"1e99999\"}}")
                        .paidAmount())
                .isNull();
    }

    @ParameterizedTest(name = "hasBeenPaid {0}")
    @ValueSource(strings = {"\"true\"", "1", "null", "{}"})
    void anAnswerWhoseHasBeenPaidIsNotABooleanCannotBeRead(String value) {
        assertThatThrownBy(() -> read("{\"requestId\":\"" + REQUEST_ID + "\",\"hasBeenPaid\":" + value + "}"))
                .isInstanceOf(RequestStatusReader.UnreadableAnswer.class)
                .hasMessageContaining("hasBeenPaid");
    }

    @Test
    void anAnswerWithoutHasBeenPaidOrThatIsNoObjectCannotBeRead() {
        assertThatThrownBy(() -> read("{\"requestId\":\"x\"}"))
                .isInstanceOf(RequestStatusReader.UnreadableAnswer.class)
                .hasMessage("hasBeenPaid is missing");
        assertThatThrownBy(() -> read("[true]"))
                .isInstanceOf(RequestStatusReader.UnreadableAnswer.class)
                .hasMessageContaining("not a JSON object");
    }

    private static RequestStatus example(String name) {
        return RequestStatusReader.read(REQUEST_ID, examplesNode().get(name).get("value"));
    }

    private static RequestStatus read(String body) {
        JsonNode tree = JSON.readTree(body);
        if (tree.isObject() && !tree.has("requestId")) {
            ((tools.jackson.databind.node.ObjectNode) tree).put("requestId", REQUEST_ID);
        }
        return RequestStatusReader.read(REQUEST_ID, tree);
    }

    private static JsonNode examplesNode() {
        try (InputStream in = RequestStatusReaderTest.class.getResourceAsStream(EXAMPLES)) {
            assertThat(in).as(EXAMPLES).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
