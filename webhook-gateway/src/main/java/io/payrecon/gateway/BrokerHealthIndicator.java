package io.payrecon.gateway;

import io.payrecon.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The {@code broker} health of the readiness group. Without the broker every delivery would be answered 503, so an
 * instance that cannot reach it, or finds no webhooks topic there, is taken out of rotation. The check gets the
 * time one delivery gets ({@code gateway.ack-timeout}).
 */
@Component
class BrokerHealthIndicator implements HealthIndicator, DisposableBean {

    private final Admin admin;
    private final long timeoutMs;

    BrokerHealthIndicator(KafkaAdmin kafkaAdmin, GatewayProperties properties, Environment environment) {
        GatewayProperties.requireBroker(environment);
        this.timeoutMs = properties.ackTimeout().toMillis();
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "webhook-gateway-health");
        this.admin = Admin.create(config);
    }

    /** Down, without a stack trace in the log: the producer already logs that the broker is unreachable. */
    @Override
    public Health health() {
        try {
            TopicDescription topic = admin.describeTopics(
                            List.of(Topics.WEBHOOKS), new DescribeTopicsOptions().timeoutMs((int) timeoutMs))
                    .topicNameValues()
                    .get(Topics.WEBHOOKS)
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            return Health.up()
                    .withDetail("topic", topic.name())
                    .withDetail("partitions", topic.partitions().size())
                    .build();
        } catch (ExecutionException e) {
            return Health.down()
                    .withDetail("error", String.valueOf(e.getCause()))
                    .build();
        } catch (TimeoutException e) {
            return Health.down()
                    .withDetail("error", "no answer from the broker within " + timeoutMs + " ms")
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(1));
    }
}
