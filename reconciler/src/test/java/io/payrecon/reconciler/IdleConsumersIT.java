package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Consumers of a topic with nothing new ask the broker a few times a second, not about fifty: the listeners of link
 * events and provider observations fetch with their own settings (a record at once, else after 500 ms), not the
 * webhooks' (up to 20 ms for 64 KB), which cost an idle system a tenth of a core in the broker and the reconciler.
 */
class IdleConsumersIT extends RunningReconciler {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void idleLinkEventConsumersFetchAFewTimesASecondWhileTheWebhooksOnesWaitTwentyMilliseconds() {
        MessageListenerContainer linkEvents = listeners.getListenerContainer("link-events");
        MessageListenerContainer webhooks = listeners.getListenerContainer("webhooks");
        // measured over a window in which both have their partitions (not in a rebalance, nor a restart of a test)
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(linkEvents.getAssignedPartitions()).isNotEmpty();
            assertThat(webhooks.getAssignedPartitions()).isNotEmpty();
            double linkEventsBefore = fetches(linkEvents);
            double webhooksBefore = fetches(webhooks);
            long started = System.nanoTime();
            TimeUnit.SECONDS.sleep(3);
            double seconds = (System.nanoTime() - started) / 1e9;

            // 500 ms of fetch.max.wait.ms: two a second each; with the webhooks' 20 ms, about 47
            assertThat((fetches(linkEvents) - linkEventsBefore) / seconds / consumers(linkEvents))
                    .isLessThan(5);
            assertThat((fetches(webhooks) - webhooksBefore) / seconds / consumers(webhooks))
                    .as("the webhooks' consumers keep their settings")
                    .isGreaterThan(20);
        });
    }

    /** The fetch requests a listener's consumers have made so far. */
    private static double fetches(MessageListenerContainer container) {
        return container.metrics().values().stream()
                .flatMap(metrics -> metrics.entrySet().stream())
                .filter(metric -> metric.getKey().name().equals("fetch-total")
                        && metric.getKey().group().equals("consumer-fetch-manager-metrics"))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static int consumers(MessageListenerContainer container) {
        return container.metrics().size();
    }
}
