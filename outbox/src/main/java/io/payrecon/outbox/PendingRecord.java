package io.payrecon.outbox;

import java.util.Map;
import java.util.UUID;

/** A stored event waiting for the broker, exactly as it will be published. */
record PendingRecord(
        long id, String topic, String key, UUID eventId, String type, Map<String, String> headers, byte[] payload) {}
