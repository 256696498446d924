package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.devstack.KafkaBroker;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs last (see junit-platform.properties): it takes the shared broker away and brings it back. */
@Order(Integer.MAX_VALUE)
class BrokerOutageIT extends RunningGateway {

    @Test
    void deliveriesAreAnswered503FastWhileTheBrokerIsDownAndAcceptedOnceItIsBack() {
        KafkaBroker broker = DevStack.shared().kafka();
        byte[] body = fixture("payment.confirmed.json");
        assertThat(postSigned(body, newDeliveryId()).statusCode()).isEqualTo(200);

        try {
            broker.stop();

            long started = System.nanoTime();
            HttpResponse<String> refused = postSigned(body, newDeliveryId());
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(3));
            assertThat(refused.headers().firstValue("retry-after")).hasValue("5");
            WebhookGatewayIT.assertProblem(refused);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> get("/actuator/health/readiness").statusCode() == 503);
        } finally {
            broker.start();
        }

        // The provider retries one delivery under the same id; the app was not restarted.
        String deliveryId = newDeliveryId();
        try (WebhookTopic topic = openWebhookTopic()) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> postSigned(body, deliveryId).statusCode() == 200);
            assertThat(WebhookTopic.event(topic.awaitDelivery(deliveryId)).body())
                    .isEqualTo(body);
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    }
}
