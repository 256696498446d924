package io.payrecon.reconciler.inbox;

/** One Kafka record as it was polled, before it is read as an event: kept so a poison record can be stored whole. */
public record InboundRecord(String topic, int partition, long offset, String key, byte[] value) {

    @Override
    public String toString() {
        return "%s-%d@%d key=%s (%d bytes)".formatted(topic, partition, offset, key, value == null ? 0 : value.length);
    }
}
