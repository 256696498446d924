package io.payrecon.reconciler.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.requestclient.WebhookFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProviderWebhookTest {

    @Test
    void confirmedBodyYieldsRequestAmountsTransactionAndCurrency() throws IOException {
        ProviderWebhook webhook = ProviderWebhook.parse(fixture("payment.confirmed.json"));

        assertThat(webhook.event()).isEqualTo("payment.confirmed");
        assertThat(webhook.requestId()).isEqualTo("0151b394e3c482c5aebaa04eb04508a8db70595470760293f1b258ed96d1fafa93");
        assertThat(webhook.amount()).isEqualByComparingTo("100.0");
        assertThat(webhook.totalAmountPaid()).isEqualByComparingTo("100.0");
        assertThat(webhook.txHash()).isEqualTo("0xabcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890");
        assertThat(webhook.currency()).isEqualTo("USDC");
        assertThat(webhook.kind()).isEqualTo("payment.confirmed");
    }

    @Test
    void clientIdAndCheckoutVariantsHaveTheKindOfTheCoreEvent() throws IOException {
        assertThat(ProviderWebhook.parse(fixture("payment.confirmed.client_id.json"))
                        .kind())
                .isEqualTo("payment.confirmed");
        assertThat(ProviderWebhook.parse(fixture("payment.confirmed.checkout.json"))
                        .kind())
                .isEqualTo("payment.confirmed");
    }

    @Test
    void paymentIsKeyedByItsTransactionHashWhateverTheVariant() throws IOException {
        String core = ProviderWebhook.parse(fixture("payment.confirmed.json")).paymentRef();

        assertThat(core).isEqualTo("0xabcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890");
        assertThat(ProviderWebhook.parse(fixture("payment.confirmed.checkout.json"))
                        .paymentRef())
                .isEqualTo(core);
    }

    @Test
    void refundIsKeyedByItsAmountWalletAndTimeSoAResentRefundHasTheSameKey() {
        String refund = refund("100.0", "0x92Fc3406Fc6BB7A76aC63b2E8b9d02b1B9C3e4d5", "2025-10-05T09:00:00Z");

        assertThat(refund).startsWith("refund:").hasSize("refund:".length() + 64);
        assertThat(refund("100", "0x92fc3406fc6bb7a76ac63b2e8b9d02b1b9c3e4d5", "2025-10-05T09:00:00.000Z"))
                .as("the same refund written differently")
                .isEqualTo(refund);
        assertThat(refund("50.0", "0x92fc3406fc6bb7a76ac63b2e8b9d02b1b9c3e4d5", "2025-10-05T09:00:00Z"))
                .isNotEqualTo(refund);
        assertThat(refund("100.0", "0x92fc3406fc6bb7a76ac63b2e8b9d02b1b9c3e4d5", "2025-10-06T09:00:00Z"))
                .isNotEqualTo(refund);
        assertThat(refund("100.0", "0x0000000000000000000000000000000000000001", "2025-10-05T09:00:00Z"))
                .isNotEqualTo(refund);
    }

    @Test
    void failureWithoutTransactionIsKeyedByItsContentNotByItsDelivery() throws IOException {
        String failed = ProviderWebhook.parse(fixture("payment.failed.json")).paymentRef();

        assertThat(failed).startsWith("content:");
        assertThat(ProviderWebhook.parse(fixture("payment.failed.json")).paymentRef())
                .isEqualTo(failed);
        assertThat(parse("{\"event\":\"payment.failed\",\"requestId\":\"01ab\",\"subStatus\":\"other\"}")
                        .paymentRef())
                .isNotEqualTo(failed);
    }

    private static String refund(String amount, String refundedTo, String timestamp) {
        return parse("""
                        {"event":"payment.refunded","requestId":"01ab","refundAmount":"%s","refundedTo":"%s",
                         "currency":"USDC","timestamp":"%s"}""".formatted(amount, refundedTo, timestamp)).paymentRef();
    }

    @Test
    void requestIdFallsBackToTheOlderSpelling() {
        ProviderWebhook webhook = parse("{\"event\":\"payment.failed\",\"requestID\":\"01ab\"}");

        assertThat(webhook.requestId()).isEqualTo("01ab");
    }

    @Test
    void requestIdWinsOverTheOlderSpellingWhenBothArePresent() {
        ProviderWebhook webhook = parse("{\"event\":\"payment.failed\",\"requestId\":\"01ab\",\"requestID\":\"01cd\"}");

        assertThat(webhook.requestId()).isEqualTo("01ab");
    }

    @Test
    void numericAmountsAreReadAsExactDecimals() {
        ProviderWebhook webhook = parse("{\"event\":\"payment.partial\",\"totalAmountPaid\":0.1}");

        assertThat(webhook.totalAmountPaid()).isEqualTo("0.1");
    }

    @Test
    void unknownFieldsAreIgnored() {
        ProviderWebhook webhook = parse("{\"event\":\"payment.partial\",\"somethingNew\":{\"a\":[1,2]}}");

        assertThat(webhook.event()).isEqualTo("payment.partial");
    }

    @Test
    void bodyThatIsNotJsonIsMalformed() {
        assertThatThrownBy(() -> parse("event=payment.confirmed"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void jsonThatIsNotAnObjectIsMalformed() {
        assertThatThrownBy(() -> parse("[1,2,3]")).isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void amountThatIsNotADecimalIsMalformed() {
        assertThatThrownBy(() -> parse("{\"event\":\"payment.confirmed\",\"amount\":\"ten\"}"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("amount");
    }

    @Test
    void negativeAmountIsMalformed() {
        assertThatThrownBy(() -> parse("{\"event\":\"payment.confirmed\",\"totalAmountPaid\":\"-1\"}"))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void refundAmountAndTimestampAreRead() throws IOException {
        ProviderWebhook webhook = ProviderWebhook.parse(fixture("payment.refunded.json"));

        assertThat(webhook.refundAmount()).isEqualByComparingTo("100.0");
        assertThat(webhook.timestamp()).isEqualTo("2025-10-05T09:00:00Z");
        assertThat(webhook.txHash()).isNull();
    }

    @Test
    void timestampThatIsNotATimeIsLeftOut() {
        assertThat(parse("{\"event\":\"payment.confirmed\",\"timestamp\":\"yesterday\"}")
                        .timestamp())
                .isNull();
    }

    @Test
    void textWithANulCharacterIsMalformed() {
        assertThatThrownBy(() -> parse("{\"event\":\"payment.confirmed\",\"requestId\":\"01\\u0000ab\"}"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("NUL");
    }

    private static ProviderWebhook parse(String body) {
        return ProviderWebhook.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The provider's documented bodies (request-network-api.md §4), from request-client's test fixtures. */
    private static byte[] fixture(String name) {
        return WebhookFixtures.body(name);
    }
}
