package io.payrecon.outbox;

import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventCodec;
import io.payrecon.events.IntegrationEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores events for publication in the same database transaction as the state change they describe, so a change
 * and its event are committed together or not at all (no dual write). The relay publishes them after the commit:
 * at least once (consumers dedupe by {@code eventId}), in commit order per key.
 *
 * <p>A transaction that appends for several keys should append them in a stable order (or already hold the rows
 * of those entities locked), as concurrent appends for one key wait for each other.
 */
public class Outbox {

    private final OutboxRecords records;
    private final DataSource dataSource;
    private final String source;
    private final LongConsumer afterCommit;

    /** @param afterCommit told, after the commit of an append, the {@link KeySlots} it appended to */
    Outbox(OutboxRecords records, DataSource dataSource, String source, LongConsumer afterCommit) {
        this.records = records;
        this.dataSource = dataSource;
        this.source = source;
        this.afterCommit = afterCommit;
    }

    /**
     * Stores the event for publication to {@code topic} with key {@code event.key()}, in the caller's transaction
     * (propagation MANDATORY: there must be one, on the application's DataSource).
     *
     * @throws IllegalTransactionStateException when called outside such a transaction
     */
    public void append(String topic, IntegrationEvent event) {
        appendAll(topic, List.of(event));
    }

    /**
     * Stores several events for publication to {@code topic}, in the caller's transaction, in list order: what
     * {@link #append} does for each, in two statements whatever their number (one takes the key locks in a stable
     * order, one inserts the rows). For callers that emit many events per transaction, such as a consumer applying
     * a batch of records.
     *
     * @throws IllegalTransactionStateException when called outside a transaction on the application's DataSource
     */
    public void appendAll(String topic, List<? extends IntegrationEvent> events) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.hasResource(dataSource)) {
            IntegrationEvent first = events.get(0);
            throw new IllegalTransactionStateException("Outbox.append(" + topic + ", " + first.type()
                    + ") must run inside the caller's transaction on the application DataSource "
                    + "(propagation MANDATORY), so the event commits together with the change it describes");
        }
        List<OutboxRecords.NewRecord> records = new ArrayList<>(events.size());
        for (IntegrationEvent event : events) {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(event.key(), () -> event.type() + " " + event.eventId() + " has no key");
            Map<String, String> headers = new LinkedHashMap<>();
            CloudEventHeaders.of(event, source)
                    .forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
            records.add(new OutboxRecords.NewRecord(
                    event.key(), event.eventId(), event.type(), headers, EventCodec.write(event)));
        }
        long slots = this.records.insertAll(topic, records);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterCommit.accept(slots);
            }
        });
    }
}
