package io.payrecon.reconciler.intake;

import io.payrecon.reconciler.inbox.InboundRecord;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How batches are consumed. Listeners are batch listeners with {@code AckMode.BATCH} (application.yml): the
 * container commits a batch's offsets after the listener returned, that is after the reconciliation transaction
 * committed.
 *
 * <p>Records that cannot be applied never reach the error handler: the reconciliation stores them as dead letters
 * in its own transaction. What does reach it is a failure of the database itself (down, failing over): the whole
 * batch is retried with backoff, without limit, and never skipped, so nothing is lost during an outage.
 */
@Configuration(proxyBeanMethods = false)
class Intake {

    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long LONGEST_RETRY_MILLIS = 30_000;

    @Bean
    CommonErrorHandler retryBatchesUntilTheyCommit() {
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY_MILLIS, 2.0);
        backOff.setMaxInterval(LONGEST_RETRY_MILLIS);
        return new DefaultErrorHandler(backOff);
    }

    static List<InboundRecord> inbound(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(record -> new InboundRecord(
                        record.topic(), record.partition(), record.offset(), record.key(), record.value()))
                .toList();
    }
}
