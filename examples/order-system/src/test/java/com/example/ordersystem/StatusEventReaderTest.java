package com.example.ordersystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.ordersystem.StatusEventReader.Event;
import com.example.ordersystem.StatusEventReader.OtherType;
import com.example.ordersystem.StatusEventReader.Unreadable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What docs/consumers.md asks of a consumer ("Unknown values"), on the example's reading of a record. */
class StatusEventReaderTest {

    private static final String EVENT = """
            {"eventId":"6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5","type":"order.payment-status-changed",
             "occurredAt":"2026-03-01T10:15:30Z","orderId":"1001","status":"%s","previousStatus":"AWAITING_PAYMENT",
             "sequence":2,"expectedAmount":"25.00","paidAmount":"25.00",%s"currency":"USDC",
             "flags":["overpaid"%s],"cause":{"kind":"%s"},"republished":false%s}
            """;

    @Test
    void aStatusEventIsReadWithItsAmountsAsDecimals() {
        PaymentStatusChanged event = event(read(json("PAID", "\"refundedAmount\":\"0.10\",", "", "webhook", "")));

        assertThat(event.orderId()).isEqualTo("1001");
        assertThat(event.sequence()).isEqualTo(2);
        assertThat(event.paidAmount()).isEqualByComparingTo("25.00");
        assertThat(event.refundedAmount()).isEqualByComparingTo("0.10");
        assertThat(event.flags()).containsExactly("overpaid");
        assertThat(event.hasKnownStatus()).isTrue();
        assertThat(event.republished()).isFalse();
    }

    @Test
    void unknownFieldsFlagsCauseKindsAndStatusesAreReadNotRefused() {
        PaymentStatusChanged event = event(read(json(
                "PAID_BY_INSTALMENTS", "", ",\"splitPayment\"", "bank-transfer", ",\"settlementBatch\":{\"id\":7}")));

        assertThat(event.status()).isEqualTo("PAID_BY_INSTALMENTS");
        assertThat(event.hasKnownStatus()).as("a status of a later version").isFalse();
        assertThat(event.flags()).containsExactly("overpaid", "splitPayment");
        assertThat(event.refundedAmount())
                .as("absent before contract 1.1: zero")
                .isZero();
    }

    @Test
    void aRecordThatIsNotAStatusEventIsUnreadableAndAnotherTypeIsIgnored() {
        assertThat(StatusEventReader.read("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Unreadable.class);
        assertThat(StatusEventReader.read(null)).isInstanceOf(Unreadable.class);
        assertThat(StatusEventReader.read("{\"orderId\":\"1001\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Unreadable.class);
        assertThat(StatusEventReader.read(replaced("\"sequence\":2", "\"sequence\":\"two\"")))
                .isInstanceOf(Unreadable.class);
        assertThat(StatusEventReader.read(replaced("order.payment-status-changed", "order.note-added")))
                .isEqualTo(new OtherType("order.note-added"));
    }

    private static byte[] json(String status, String refunded, String moreFlags, String causeKind, String more) {
        return EVENT.formatted(status, refunded, moreFlags, causeKind, more).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replaced(String what, String with) {
        return new String(json("PAID", "", "", "webhook", ""), StandardCharsets.UTF_8)
                .replace(what, with)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static StatusEventReader.Read read(byte[] value) {
        return StatusEventReader.read(value);
    }

    private static PaymentStatusChanged event(StatusEventReader.Read read) {
        assertThat(read).isInstanceOf(Event.class);
        return ((Event) read).event();
    }
}
