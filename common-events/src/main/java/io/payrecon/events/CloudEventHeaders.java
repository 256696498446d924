package io.payrecon.events;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CloudEvents-style record headers every event carries ({@code ce_id}, {@code ce_type}, …). */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";

    private CloudEventHeaders() {}

    /**
     * The headers of one event, as UTF-8 bytes ready for a Kafka record.
     *
     * @param source the producing app, such as {@code /link-service}
     */
    public static Map<String, byte[]> of(IntegrationEvent event, String source) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(ID, utf8(event.eventId().toString()));
        headers.put(TYPE, utf8(event.type()));
        headers.put(SOURCE, utf8(source));
        headers.put(TIME, utf8(event.occurredAt().toString()));
        headers.put(SPEC_VERSION, utf8("1.0"));
        return headers;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
