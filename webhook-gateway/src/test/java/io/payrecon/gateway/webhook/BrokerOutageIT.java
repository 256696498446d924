package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.devstack.KafkaBroker;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ready means able to accept a webhook, which needs the broker's acknowledgement: without the broker the instance is
 * out of rotation and answers what still reaches it 503, and it is back within seconds of the broker. Runs last (see
 * junit-platform.properties): it takes the shared broker away and brings it back.
 */
@Order(Integer.MAX_VALUE)
class BrokerOutageIT extends RunningGateway {

    private static final Logger log = LoggerFactory.getLogger(BrokerOutageIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void leavesRotationAndAnswers503WhileTheBrokerIsDownAndIsBackWithinSecondsOfIt() {
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
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertBrokerInReadiness(503, "DOWN"));
            assertThat(get("/actuator/health/liveness").statusCode())
                    .as("liveness does not depend on the broker")
                    .isEqualTo(200);

            // Out of rotation, a delivery that still reaches the instance is refused the same way, not acknowledged.
            HttpResponse<String> whileNotReady = postSigned(body, newDeliveryId());
            assertThat(whileNotReady.statusCode()).isEqualTo(503);
            assertThat(whileNotReady.headers().firstValue("retry-after")).hasValue("5");
            WebhookGatewayIT.assertProblem(whileNotReady);
        } finally {
            broker.start();
        }

        // Back in rotation within seconds of the broker's return (the check is cached 1 s, its client reconnects
        // within 1 s), not after a probe period's worth of failures.
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertBrokerInReadiness(200, "UP"));
        log.info("Ready again {} ms after the broker was back", (System.nanoTime() - back) / 1_000_000);

        // The provider retries one delivery under the same id; the app was not restarted.
        String deliveryId = newDeliveryId();
        try (WebhookTopic topic = openWebhookTopic()) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> postSigned(body, deliveryId).statusCode() == 200);
            log.info("Accepting again {} ms after the broker was back", (System.nanoTime() - back) / 1_000_000);
            assertThat(WebhookTopic.event(topic.awaitDelivery(deliveryId)).body())
                    .isEqualTo(body);
        }
    }

    private void assertBrokerInReadiness(int status, String brokerStatus) {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(status);
        assertThat(JSON.readTree(readiness.body())
                        .path("components")
                        .path("broker")
                        .path("status")
                        .asString())
                .as(readiness.body())
                .isEqualTo(brokerStatus);
    }
}
