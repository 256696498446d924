package io.payrecon.reconciler.intake;

import io.payrecon.events.Topics;
import io.payrecon.reconciler.order.OrderReconciliation;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes {@code payments.provider-observations.v1}: what the poller saw when it asked the provider. */
@Component
public class ObservationListener {

    private final BatchIntake intake;
    private final OrderReconciliation reconciliation;

    ObservationListener(BatchIntake intake, OrderReconciliation reconciliation) {
        this.intake = intake;
        this.reconciliation = reconciliation;
    }

    @KafkaListener(
            id = "provider-observations",
            idIsGroup = false,
            topics = Topics.PROVIDER_OBSERVATIONS,
            batch = "true",
            properties = {LowVolumeFetch.MIN_BYTES, LowVolumeFetch.MAX_WAIT})
    void on(List<ConsumerRecord<String, byte[]>> records) {
        intake.apply(records, reconciliation::applyObservations);
    }
}
