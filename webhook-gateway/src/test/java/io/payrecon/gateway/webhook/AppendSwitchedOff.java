package io.payrecon.gateway.webhook;

import io.payrecon.events.WebhookReceived;
import io.payrecon.gateway.GatewayProperties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * For the benchmark's baseline only: replaces the webhook archive with one that builds each record exactly as the
 * real one does and then drops it, so the same endpoint can be measured without the Kafka append.
 *
 * <p>It lives in the test sources, so it is never in the application's jar, and is deliberately not annotated:
 * component scanning (which sees the test classes in integration tests) must never pick it up. It takes effect
 * only when added as a source of the application, as {@code WebhookLoadBenchmark --append off} does.
 */
public final class AppendSwitchedOff implements BeanDefinitionRegistryPostProcessor {

    static final String ARCHIVE_BEAN = "webhookArchive";

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        if (!registry.containsBeanDefinition(ARCHIVE_BEAN)) {
            throw new IllegalStateException("No bean " + ARCHIVE_BEAN + " to replace: was WebhookArchive renamed?");
        }
        registry.removeBeanDefinition(ARCHIVE_BEAN);
        registry.registerBeanDefinition(ARCHIVE_BEAN, new RootBeanDefinition(DroppingArchive.class));
    }

    /** Acknowledges every record at once, as if a broker had; nothing reaches Kafka. */
    static final class DroppingArchive extends WebhookArchive {

        private static final TopicPartition NOWHERE = new TopicPartition("append-switched-off", 0);

        private final AtomicLong offsets = new AtomicLong();

        DroppingArchive(GatewayProperties properties) {
            super(null, properties);
        }

        @Override
        RecordMetadata append(WebhookReceived event) {
            ProducerRecord<String, byte[]> record = recordOf(event);
            return new RecordMetadata(
                    NOWHERE, offsets.getAndIncrement(), 0, System.currentTimeMillis(), -1, record.value().length);
        }
    }
}
