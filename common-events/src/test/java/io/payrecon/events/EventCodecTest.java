package io.payrecon.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "null",
                "not json",
                "{\"type\":\"payment-link.created\"",
                "[]",
                "{\"eventId\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"orderId\":\"order-1001\"}",
                "{\"type\":\"payment-link.unheard-of\",\"orderId\":\"order-1001\"}",
                "{\"type\":\"order.payment-status-changed\",\"orderId\":\"order-1001\"}",
                "{\"type\":\"payment-link.created\",\"orderId\":\"order-1001\"}",
                "{\"type\":\"payment-link.created\",\"requestIds\":[],\"amount\":\"ten\"}",
                "{\"type\":\"payment-link.created\",\"requestIds\":[],\"occurredAt\":\"yesterday\"}"
            })
    void aMalformedBodyIsAMalformedEvent(String body) {
        assertThatThrownBy(() -> EventCodec.read(body.getBytes(StandardCharsets.UTF_8), LinkEvent.class))
                .isInstanceOf(EventCodec.MalformedEventException.class)
                .hasMessageContaining("LinkEvent");
    }

    @Test
    void anEventReadsOnlyThroughItsOwnTopicInterface() {
        byte[] statusChange = EventCodec.write(SampleEvents.orderPaymentStatusChanged());

        assertThat(EventCodec.read(statusChange, OrderStatusEvent.class))
                .isEqualTo(SampleEvents.orderPaymentStatusChanged());
        assertThatThrownBy(() -> EventCodec.read(statusChange, LinkEvent.class))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void aWebhookBodyTravelsByteForByte() {
        WebhookReceived read =
                (WebhookReceived) EventCodec.read(EventCodec.write(SampleEvents.webhookReceived()), WebhookEvent.class);

        assertThat(read.body()).isEqualTo(SampleEvents.WEBHOOK_BODY);
    }
}
