package io.payrecon.reconciler.intake;

import io.payrecon.events.Topics;
import io.payrecon.platform.Infrastructure;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The one place that decides what happens when a batch fails, for every listener of the reconciler.
 *
 * <ul>
 *   <li><b>Outages</b> ({@link Infrastructure.Outage}: the database does not answer, or the broker says "retry"; found
 *       by {@link BatchIntake} asking {@link Infrastructure}): the batch is retried from its first failed record with
 *       exponential backoff, 0.5 s doubling up to 30 s, without limit. Nothing is skipped and nothing is
 *       dead-lettered: an outage only delays.
 *   <li><b>Poison</b> records ({@link PoisonRecordException}: unreadable, invalid or forged, found by reading the
 *       batch): not retryable. The records before it are applied and committed, it goes to {@code <topic>.dlt}, and
 *       its partition goes on with the next record.
 *   <li>Any other failure of a record (a value the database refuses while it answers, a bug): the batch is applied
 *       again one record per transaction to find the record that fails; it is retried 3 times, 1 s apart, then goes
 *       to {@code <topic>.dlt} with the exception. One odd record never holds its partition.
 * </ul>
 *
 * <p>Dead-lettered records are the original records, unchanged, with the headers of Spring's
 * {@link DeadLetterPublishingRecoverer} ({@code kafka_dlt-original-topic/partition/offset},
 * {@code kafka_dlt-exception-fqcn/message/stacktrace}) plus readable ones: {@code x-dlt-reason},
 * {@code x-dlt-exception}, {@code x-dlt-original-topic}, {@code x-dlt-original-partition},
 * {@code x-dlt-original-offset}. They are published before the offsets move past them (at least once: a crash in
 * between publishes a record twice), and listed in the {@code dead_letters} table for operators.
 */
@Configuration(proxyBeanMethods = false)
class FailurePolicy {

    static final long FIRST_RETRY_MILLIS = 500;
    static final long LONGEST_RETRY_MILLIS = 30_000;
    static final long RECORD_RETRY_MILLIS = 1_000;
    static final int RECORD_RETRIES = 3;

    @Bean
    DeadLetterPublishingRecoverer deadLetterPublishing(KafkaTemplate<?, ?> template) {
        DeadLetterPublishingRecoverer publishing = new DeadLetterPublishingRecoverer(
                template, (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        publishing.addHeadersFunction((record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(header("x-dlt-reason", reason(exception)));
            headers.add(header("x-dlt-exception", cause(exception).getClass().getName()));
            headers.add(header("x-dlt-original-topic", record.topic()));
            headers.add(header("x-dlt-original-partition", Integer.toString(record.partition())));
            headers.add(header("x-dlt-original-offset", Long.toString(record.offset())));
            return headers;
        });
        return publishing;
    }

    @Bean
    CommonErrorHandler batchErrorHandler(DeadLetters deadLetters) {
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, untilItWorks());
        // BatchIntake reports an outage and a record's own failure with classes of their own (OutageHeld,
        // RecordFailed):
        // the schedule is chosen anew whenever a record's failures turn from the one to the other.
        handler.setBackOffFunction(
                (record, exception) -> Infrastructure.Outage.in(exception) ? untilItWorks() : aFewTimes());
        handler.setResetStateOnExceptionChange(true);
        handler.addNotRetryableExceptions(PoisonRecordException.class);
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    /** What went wrong, for a person: the poison's reason, else the innermost message. */
    static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonRecordException) {
                return cause.getMessage();
            }
        }
        Throwable cause = cause(failure);
        return cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getName();
    }

    /** The innermost cause: the failure itself, not the listener's wrappers around it. */
    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static BackOff untilItWorks() {
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY_MILLIS, 2.0);
        backOff.setMaxInterval(LONGEST_RETRY_MILLIS);
        return backOff;
    }

    private static BackOff aFewTimes() {
        return new FixedBackOff(RECORD_RETRY_MILLIS, RECORD_RETRIES);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
