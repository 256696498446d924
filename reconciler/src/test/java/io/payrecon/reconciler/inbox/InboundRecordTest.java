package io.payrecon.reconciler.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a record is named in logs and in the reasons of dead letters. */
class InboundRecordTest {

    @Test
    void namesTopicPartitionOffsetKeyAndSize() {
        assertThat(new InboundRecord("payments.webhooks.v1", 2, 41, "req-1", new byte[12]))
                .hasToString("payments.webhooks.v1-2@41 key=req-1 (12 bytes)");
    }

    @Test
    void aKeyOfKilobytesIsCutSayingHowLongItWas() {
        String key = "k".repeat(16_580);

        String shown = new InboundRecord("payments.link-events.v1", 0, 1, key, null).toString();

        assertThat(shown)
                .isEqualTo("payments.link-events.v1-0@1 key=" + "k".repeat(InboundRecord.KEY_SHOWN)
                        + "… (16580 chars) (0 bytes)");
    }
}
