package io.payrecon.reconciler.inbox;

/** One Kafka record as it was polled, before it is read as an event: kept so a poison record can be stored whole. */
public record InboundRecord(String topic, int partition, long offset, String key, byte[] value) {

    /** Longer keys are cut in logs and failure reasons: a hostile key of kilobytes would fill every line naming it. */
    static final int KEY_SHOWN = 100;

    @Override
    public String toString() {
        String shownKey = key == null || key.length() <= KEY_SHOWN
                ? key
                : key.substring(0, KEY_SHOWN) + "… (" + key.length() + " chars)";
        return "%s-%d@%d key=%s (%d bytes)"
                .formatted(topic, partition, offset, shownKey, value == null ? 0 : value.length);
    }
}
