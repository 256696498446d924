package io.payrecon.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topic catalogue, the wire names of the event types and the record headers. */
class CatalogueTest {

    @Test
    void theDeadLetterTopicOfATopicIsItsNameWithDlt() {
        assertThat(Topics.deadLetter(Topics.WEBHOOKS)).isEqualTo("payments.webhooks.v1.dlt");
        assertThat(Topics.deadLetter(Topics.LINK_EVENTS)).isEqualTo("payments.link-events.v1.dlt");
    }

    @Test
    void allTopicsAreTheEventTopicsAndTheDeadLetterTopicsOfThoseWeConsume() {
        assertThat(Topics.ALL)
                .containsExactly(
                        "payments.link-events.v1",
                        "payments.link-events.v1.dlt",
                        "payments.webhooks.v1",
                        "payments.webhooks.v1.dlt",
                        "payments.provider-observations.v1",
                        "payments.provider-observations.v1.dlt",
                        "orders.payment-status.v1",
                        "orders.payment-status.v1.dlt",
                        "orders.payment-status-latest.v1");
        assertThat(Topics.ALL).doesNotContain(Topics.deadLetter(Topics.ORDER_PAYMENT_STATUS_LATEST));
    }

    @Test
    void theLatestStatusTopicIsCompactedAndKeptForGoodAndNoOtherTopicNeedsAConfig() {
        assertThat(Topics.configs(Topics.ORDER_PAYMENT_STATUS_LATEST))
                .containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "compact", "retention.ms", "-1"));
        Topics.ALL.stream()
                .filter(topic -> !topic.equals(Topics.ORDER_PAYMENT_STATUS_LATEST))
                .forEach(topic -> assertThat(Topics.configs(topic)).as(topic).isEmpty());
    }

    @Test
    void everyEventClassHasItsStableWireName() {
        assertThat(EventTypes.nameOf(PaymentLinkCreated.class)).isEqualTo("payment-link.created");
        assertThat(EventTypes.nameOf(PaymentLinkRenewed.class)).isEqualTo("payment-link.renewed");
        assertThat(EventTypes.nameOf(PaymentLinkExpired.class)).isEqualTo("payment-link.expired");
        assertThat(EventTypes.nameOf(WebhookReceived.class)).isEqualTo("webhook.received");
        assertThat(EventTypes.nameOf(ProviderStatusObserved.class)).isEqualTo("provider.status-observed");
        assertThat(EventTypes.nameOf(OrderPaymentStatusChanged.class)).isEqualTo("order.payment-status-changed");
        assertThat(SampleEvents.paymentLinkRenewed().type()).isEqualTo(EventTypes.PAYMENT_LINK_RENEWED);
    }

    @Test
    void aClassThatIsNoEventHasNoWireName() {
        assertThatThrownBy(() -> EventTypes.nameOf(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> EventTypes.nameOf(LinkEvent.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cloudEventHeadersCarryTheEventIdTypeSourceAndTime() {
        Map<String, byte[]> headers = CloudEventHeaders.of(SampleEvents.paymentLinkCreated(), "/link-service");

        assertThat(headers).containsOnlyKeys("ce_id", "ce_type", "ce_source", "ce_time", "ce_specversion");
        assertThat(utf8(headers.get("ce_id"))).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(utf8(headers.get("ce_type"))).isEqualTo("payment-link.created");
        assertThat(utf8(headers.get("ce_source"))).isEqualTo("/link-service");
        assertThat(utf8(headers.get("ce_time"))).isEqualTo("2026-03-01T10:15:30Z");
        assertThat(utf8(headers.get("ce_specversion"))).isEqualTo("1.0");
    }

    private static String utf8(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
