package com.example.ordersystem;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows {@code orders.payment-status.v1} in the consumer group. Started by {@link Bootstrap} once the table is
 * filled, never before. The container commits the offsets of a poll after each of its records was handled, each in
 * its own committed transaction.
 */
@Component
class StatusListener {

    static final String ID = "order-status";

    private final StatusEventHandler handler;

    StatusListener(StatusEventHandler handler) {
        this.handler = handler;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = "${order-system.status-topic}", autoStartup = "false")
    void on(ConsumerRecord<String, byte[]> record) {
        handler.handle(record);
    }
}
