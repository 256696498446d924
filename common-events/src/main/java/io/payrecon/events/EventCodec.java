package io.payrecon.events;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes events as the JSON that is on the log. One mapper, configured once, so the wire format
 * does not depend on whichever mapper an app happens to have. Unknown fields are ignored on read, so
 * additive changes never break a consumer.
 */
public final class EventCodec {

    // Amounts are plain decimal strings ("100", never "1E+2"); a primitive field missing from a record
    // written before it existed reads as its default instead of making the record a poison record.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private EventCodec() {}

    public static byte[] write(IntegrationEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot write " + event.type() + " " + event.eventId(), e);
        }
    }

    /**
     * Reads an event of a topic's family, such as {@code read(bytes, LinkEvent.class)}.
     *
     * @throws MalformedEventException when the bytes are not a valid event of that family
     */
    public static <T extends IntegrationEvent> T read(byte[] json, Class<T> type) {
        try {
            T event = MAPPER.readValue(json, type);
            if (event == null) {
                throw new MalformedEventException("Empty event where " + type.getSimpleName() + " was expected", null);
            }
            return event;
        } catch (JacksonException | NullPointerException | IllegalArgumentException e) {
            throw new MalformedEventException("Not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A record that cannot be read as an event: a poison record, never worth retrying. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
