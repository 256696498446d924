package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.WebhookReceived;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A body nested 100,000 levels deep needs 200 KB, more than the default limit: this class runs its own gateway with
 * a larger one (and closes it afterwards), to show the parser, not the size limit, is what the nesting meets.
 */
@TestPropertySource(properties = "gateway.max-body-size=512KB")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DeeplyNestedBodyIT extends RunningGateway {

    @Test
    void signedBodyNestedHundredThousandLevelsDeepIsArchivedByteForByteWithoutFields() {
        int depth = 100_000;
        byte[] body = ("{\"event\":\"payment.confirmed\",\"requestId\":\"0151b3\",\"deep\":" + "[".repeat(depth)
                        + "]".repeat(depth) + "}")
                .getBytes(StandardCharsets.UTF_8);
        String deliveryId = newDeliveryId();

        try (WebhookTopic topic = openWebhookTopic()) {
            HttpResponse<String> response = postSigned(body, deliveryId);

            assertThat(response.statusCode()).isEqualTo(200);
            ConsumerRecord<String, byte[]> record = topic.awaitDelivery(deliveryId);
            WebhookReceived event = WebhookTopic.event(record);
            assertThat(event.body()).isEqualTo(body);
            assertThat(event.event()).isNull();
            assertThat(event.requestId()).isNull();
            assertThat(record.key()).isEqualTo(deliveryId);
        }
        assertThat(postSigned(fixture("payment.confirmed.json"), newDeliveryId())
                        .statusCode())
                .isEqualTo(200);
    }
}
