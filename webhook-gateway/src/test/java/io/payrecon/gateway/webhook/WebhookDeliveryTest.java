package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.WebhookReceived;
import io.payrecon.gateway.webhook.WebhookDelivery.Fields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheEventAndRequestIdFromTopLevelStrings() {
        Fields fields = Fields.read(json("""
                {"nested":{"requestId":"inner","event":"inner"},"event":"payment.confirmed","list":[1,{"a":2}],\
                "requestId":"0151b3","requestID":"ignored"}"""));

        assertThat(fields).isEqualTo(new Fields("payment.confirmed", "0151b3"));
    }

    @Test
    void fallsBackToTheOlderRequestIdSpelling() {
        assertThat(Fields.read(json("{\"requestID\":\"0151b3\",\"event\":\"payment.failed\"}")))
                .isEqualTo(new Fields("payment.failed", "0151b3"));
        assertThat(Fields.read(json("{\"requestId\":\"\",\"requestID\":\"0151b3\"}")))
                .isEqualTo(new Fields(null, "0151b3"));
    }

    @Test
    void nonStringFieldsCountAsAbsent() {
        assertThat(Fields.read(json("{\"event\":{\"name\":\"x\"},\"requestId\":42}")))
                .isEqualTo(Fields.NONE);
    }

    @Test
    void bodyThatIsNotOneJsonObjectYieldsNoFields() {
        assertThat(Fields.read(json("{\"event\":\"payment.confirmed\",\"requestId\":\"r\"")))
                .isEqualTo(Fields.NONE);
        assertThat(Fields.read(json("{\"event\":\"payment.confirmed\"} {\"event\":\"x\"}")))
                .isEqualTo(Fields.NONE);
        assertThat(Fields.read(json("[{\"event\":\"payment.confirmed\"}]"))).isEqualTo(Fields.NONE);
        assertThat(Fields.read(json("not json at all"))).isEqualTo(Fields.NONE);
        assertThat(Fields.read(new byte[0])).isEqualTo(Fields.NONE);
    }

    @Test
    void hundredThousandLevelsOfNestingYieldNoFieldsWithoutExhaustingTheParser() {
        String top = "{\"event\":\"payment.confirmed\",\"requestId\":\"0151b3\",\"deep\":";
        int depth = 100_000;

        assertThat(Fields.read(json(top + "[".repeat(depth) + "]".repeat(depth) + "}")))
                .isEqualTo(Fields.NONE);
        assertThat(Fields.read(json(top + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}")))
                .isEqualTo(Fields.NONE);
        assertThat(Fields.read(json("[".repeat(depth)))).isEqualTo(Fields.NONE);
    }

    @Test
    void nestingWithinTheLimitIsSkippedOver() {
        int depth = WebhookDelivery.READ_LIMITS.getMaxNestingDepth() - 1;

        assertThat(Fields.read(json("{\"deep\":" + "[".repeat(depth) + "]".repeat(depth)
                        + ",\"event\":\"payment.confirmed\",\"requestId\":\"0151b3\"}")))
                .isEqualTo(new Fields("payment.confirmed", "0151b3"));
    }

    @Test
    void oversizedNumbersNamesOrFieldValuesYieldNoFields() {
        String fields = "\"event\":\"payment.confirmed\",\"requestId\":\"0151b3\"";

        assertThat(Fields.read(json("{" + fields + ",\"n\":" + "9".repeat(101) + "}")))
                .isEqualTo(Fields.NONE);
        assertThat(Fields.read(json("{" + fields + ",\"" + "k".repeat(1025) + "\":1}")))
                .isEqualTo(Fields.NONE);
        assertThat(Fields.read(json("{\"event\":\"" + "e".repeat(8 * 1024 + 1) + "\",\"requestId\":\"0151b3\"}")))
                .isEqualTo(Fields.NONE);
    }

    @Test
    void longStringsInFieldsTheGatewayDoesNotReadAreSkippedNotBuilt() {
        assertThat(Fields.read(json("{\"note\":\"" + "x".repeat(60_000)
                        + "\",\"event\":\"payment.confirmed\",\"requestId\":\"0151b3\"}")))
                .isEqualTo(new Fields("payment.confirmed", "0151b3"));
    }

    @Test
    void deliveryIdIsTheProvidersElseOneDerivedFromTheBody() {
        byte[] body = json("{}");

        assertThat(new WebhookDelivery(Map.of("x-request-network-delivery", "01K4ABC"), body).deliveryId())
                .isEqualTo("01K4ABC");
        String derived = new WebhookDelivery(Map.of(), body).deliveryId();
        assertThat(derived)
                .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
                .isEqualTo(new WebhookDelivery(Map.of("x-request-network-delivery", " "), json("{}")).deliveryId())
                .isNotEqualTo(new WebhookDelivery(Map.of(), json("{ }")).deliveryId());
    }

    @Test
    void retryCountIsZeroWhenAbsentOrNotANumber() {
        assertThat(retryCount("2")).isEqualTo(2);
        assertThat(retryCount(null)).isZero();
        assertThat(retryCount("two")).isZero();
        assertThat(retryCount("-1")).isZero();
    }

    private static int retryCount(String header) {
        return new WebhookDelivery(
                        header == null ? Map.of() : Map.of("x-request-network-retry-count", header), json("{}"))
                .retryCount();
    }

    @Test
    void onlyATrueTestHeaderMarksATestDelivery() {
        assertThat(new WebhookDelivery(Map.of("x-request-network-test", "true"), json("{}")).test())
                .isTrue();
        assertThat(new WebhookDelivery(Map.of("x-request-network-test", "TRUE"), json("{}")).test())
                .isTrue();
        assertThat(new WebhookDelivery(Map.of("x-request-network-test", "false"), json("{}")).test())
                .isFalse();
        assertThat(new WebhookDelivery(Map.of(), json("{}")).test()).isFalse();
    }

    @Test
    void keepsTheProviderHeadersAndContentTypeLowerCased() {
        Map<String, String> sent = Map.of(
                "X-Request-Network-Delivery", "01K4ABC",
                "x-request-network-signature", "ab",
                "Content-Type", "application/json",
                "User-Agent", "node",
                "Authorization", "Bearer x");

        assertThat(WebhookDelivery.providerHeaders(List.copyOf(sent.keySet()), sent::get))
                .containsOnly(
                        Map.entry("x-request-network-delivery", "01K4ABC"),
                        Map.entry("x-request-network-signature", "ab"),
                        Map.entry("content-type", "application/json"));
    }

    @Test
    void eventCarriesTheBodyBytesAndWhatWasReadFromThem() {
        byte[] body = json("{\"event\":\"payment.partial\",\"requestId\":\"0151b3\"}");
        Map<String, String> headers =
                Map.of("x-request-network-delivery", "01K4ABC", "x-request-network-retry-count", "1");
        Instant receivedAt = Instant.parse("2026-08-01T10:00:00Z");

        WebhookReceived event = new WebhookDelivery(headers, body).received("1a2b3c4d", receivedAt);

        assertThat(event.body()).isEqualTo(body);
        assertThat(event.deliveryId()).isEqualTo("01K4ABC");
        assertThat(event.event()).isEqualTo("payment.partial");
        assertThat(event.requestId()).isEqualTo("0151b3");
        assertThat(event.key()).isEqualTo("0151b3");
        assertThat(event.retryCount()).isEqualTo(1);
        assertThat(event.secretId()).isEqualTo("1a2b3c4d");
        assertThat(event.occurredAt()).isEqualTo(receivedAt);
        assertThat(event.headers()).isEqualTo(headers);
    }
}
