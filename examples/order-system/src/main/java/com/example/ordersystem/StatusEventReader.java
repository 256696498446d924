package com.example.ordersystem;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a record's value into an event, or says why it is none. Tolerant where the contract may grow (unknown fields,
 * statuses, flags, cause kinds), strict only about what every status event has.
 */
final class StatusEventReader {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StatusEventReader() {}

    /** What a record's value turned out to be. */
    sealed interface Read {}

    /** An {@code order.payment-status-changed}: apply it. */
    record Event(PaymentStatusChanged event) implements Read {}

    /** Another event type on the topic: one every consumer may ignore (docs/consumers.md, "Evolution policy"). */
    record OtherType(String type) implements Read {}

    /** Not an event at all: not JSON, or without the fields every status event has. */
    record Unreadable(String reason) implements Read {}

    static Read read(byte[] value) {
        if (value == null) {
            return new Unreadable("no value (a tombstone?)");
        }
        PaymentStatusChanged event;
        try {
            event = JSON.readValue(value, PaymentStatusChanged.class);
        } catch (JacksonException e) {
            return new Unreadable("not a status event's JSON: " + e.getOriginalMessage());
        }
        if (event == null) {
            return new Unreadable("JSON null");
        }
        if (event.type() != null && !PaymentStatusChanged.TYPE.equals(event.type())) {
            return new OtherType(event.type());
        }
        if (!event.isComplete()) {
            return new Unreadable("missing eventId, orderId, status, sequence, amounts or currency");
        }
        return new Event(event);
    }
}
