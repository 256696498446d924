package io.payrecon.link.paymentstatus;

import io.payrecon.events.EventCodec.MalformedEventException;
import io.payrecon.events.Topics;
import io.payrecon.platform.Infrastructure;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The retry and dead-letter policy of the status listener, in one place. An outage of the database or the broker
 * ({@link Infrastructure#isOutage}: the failure looks like one and the database, asked, does not answer) is retried
 * with backoff until it is over: a status is never skipped because of an outage. A record that can never be stored
 * (not an event, one the table refuses) goes at once to {@code orders.payment-status.v1.dlt}; any other failure of a
 * record is retried 3 times, 1 s apart, then dead-lettered. Dead letters are the record unchanged with the
 * {@code kafka_dlt-*} headers saying why, logged at WARN with their ids, and never written while the database does not
 * answer, so one odd record never holds its partition and no good one is given up during an outage.
 */
@Configuration(proxyBeanMethods = false)
class PaymentStatusIntake {

    private static final Logger log = LoggerFactory.getLogger(PaymentStatusIntake.class);

    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long LONGEST_RETRY_MILLIS = 30_000;
    private static final long RECORD_RETRY_MILLIS = 1_000;
    private static final int RECORD_RETRIES = 3;

    @Bean
    CommonErrorHandler paymentStatusErrorHandler(KafkaOperations<?, ?> kafka, Infrastructure infrastructure) {
        DeadLetterPublishingRecoverer publishing = new DeadLetterPublishingRecoverer(
                kafka, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        ConsumerRecordRecoverer deadLetters = (record, e) -> {
            if (!infrastructure.databaseAnswers()) {
                throw new Infrastructure.Outage(
                        "Status record %s-%d@%d not dead-lettered: the database does not answer (%s)"
                                .formatted(record.topic(), record.partition(), record.offset(), e));
            }
            publishing.accept(record, e);
            log.warn(
                    "Status record {}-{}@{} (order {}) sent to its dead-letter topic: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        };
        ExponentialBackOff untilItWorks = new ExponentialBackOff(FIRST_RETRY_MILLIS, 2.0);
        untilItWorks.setMaxInterval(LONGEST_RETRY_MILLIS);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, untilItWorks);
        // The listener reports an outage as Infrastructure.Outage, a class of its own: the schedule is chosen anew
        // whenever a record's failures turn from an outage to its own fault or back.
        handler.setBackOffFunction((record, e) ->
                Infrastructure.Outage.in(e) ? untilItWorks : new FixedBackOff(RECORD_RETRY_MILLIS, RECORD_RETRIES));
        handler.setResetStateOnExceptionChange(true);
        handler.addNotRetryableExceptions(MalformedEventException.class, DataIntegrityViolationException.class);
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }
}
