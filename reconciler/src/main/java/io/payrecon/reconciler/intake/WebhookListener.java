package io.payrecon.reconciler.intake;

import io.payrecon.events.Topics;
import io.payrecon.reconciler.order.OrderReconciliation;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes {@code payments.webhooks.v1}: every provider delivery the gateway acknowledged. */
@Component
public class WebhookListener {

    private final BatchIntake intake;
    private final OrderReconciliation reconciliation;

    WebhookListener(BatchIntake intake, OrderReconciliation reconciliation) {
        this.intake = intake;
        this.reconciliation = reconciliation;
    }

    @KafkaListener(id = "webhooks", idIsGroup = false, topics = Topics.WEBHOOKS, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        intake.apply(records, reconciliation::applyWebhooks);
    }
}
