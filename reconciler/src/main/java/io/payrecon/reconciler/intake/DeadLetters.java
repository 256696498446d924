package io.payrecon.reconciler.intake;

import io.payrecon.platform.Infrastructure;
import io.payrecon.reconciler.inbox.DeadLetterStore;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Where the error handler puts a record it gives up on: its dead-letter topic {@code <topic>.dlt}, the record
 * unchanged with headers saying why, then an entry in the {@code dead_letters} table for operators. The topic is the
 * record's home from then on (replay reads it); the table is an index, so failing to write it (the database down)
 * does not fail the recovery.
 */
@Component
class DeadLetters implements ConsumerAwareRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer publishing;
    private final DeadLetterStore deadLetters;
    private final Infrastructure infrastructure;

    DeadLetters(DeadLetterPublishingRecoverer publishing, DeadLetterStore deadLetters, Infrastructure infrastructure) {
        this.publishing = publishing;
        this.deadLetters = deadLetters;
        this.infrastructure = infrastructure;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        if (!infrastructure.databaseAnswers()) {
            // It may have failed only because the database was going away: retried once it is back, never given up.
            throw new Infrastructure.Outage("Record %s-%d@%d not dead-lettered: the database does not answer (%s)"
                    .formatted(record.topic(), record.partition(), record.offset(), exception));
        }
        String reason = FailurePolicy.reason(exception);
        publishing.accept(record, consumer, exception); // throws when the broker did not take it: then retried
        log.warn(
                "Record {}-{}@{} (key {}) sent to its dead-letter topic: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                reason);
        try {
            List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
            record.headers().forEach(header -> headers.add(new SimpleImmutableEntry<>(header.key(), header.value())));
            deadLetters.record(BatchIntake.inbound(record), reason, DeadLetterStore.headers(headers));
        } catch (RuntimeException e) {
            log.warn(
                    "Record {}-{}@{} is in its dead-letter topic but not listed in dead_letters: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }
}
