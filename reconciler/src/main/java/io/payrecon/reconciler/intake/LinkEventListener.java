package io.payrecon.reconciler.intake;

import io.payrecon.events.Topics;
import io.payrecon.reconciler.order.OrderReconciliation;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes {@code payments.link-events.v1}: orders are opened, renewed and expired from here. */
@Component
public class LinkEventListener {

    private final BatchIntake intake;
    private final OrderReconciliation reconciliation;

    LinkEventListener(BatchIntake intake, OrderReconciliation reconciliation) {
        this.intake = intake;
        this.reconciliation = reconciliation;
    }

    @KafkaListener(
            id = "link-events",
            idIsGroup = false,
            topics = Topics.LINK_EVENTS,
            batch = "true",
            properties = {LowVolumeFetch.MIN_BYTES, LowVolumeFetch.MAX_WAIT})
    void on(List<ConsumerRecord<String, byte[]>> records) {
        intake.apply(records, reconciliation::applyLinkEvents);
    }
}
