package io.payrecon.link.paymentstatus;

import io.payrecon.events.EventCodec.MalformedEventException;
import io.payrecon.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The retry and dead-letter policy of the status listener, in one place. A record that can never be stored (not an
 * event, or one the table refuses) goes at once to {@code orders.payment-status.v1.dlt}, unchanged, with the
 * {@code kafka_dlt-*} headers saying why, so it never blocks its partition. Anything else (the database is down)
 * is retried with backoff until it succeeds: a status is never skipped because of an outage.
 */
@Configuration(proxyBeanMethods = false)
class PaymentStatusIntake {

    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long LONGEST_RETRY_MILLIS = 30_000;

    @Bean
    CommonErrorHandler paymentStatusErrorHandler(KafkaOperations<?, ?> kafka) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                kafka, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY_MILLIS, 2.0);
        backOff.setMaxInterval(LONGEST_RETRY_MILLIS);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, DataIntegrityViolationException.class);
        return handler;
    }
}
