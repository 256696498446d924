package io.payrecon.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pins the wire format of every event type: what {@link EventCodec} writes must equal the snapshot field by
 * field and representation by representation (amounts as strings, instants as ISO-8601 strings, {@code type}
 * present), and every snapshot must read back through its topic's sealed interface. A failing snapshot means
 * the wire format changed: make the change additive, or give the event a new type.
 */
class EventSnapshotTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(SampleEvents.paymentLinkCreated(), LinkEvent.class),
                Arguments.of(SampleEvents.paymentLinkRenewed(), LinkEvent.class),
                Arguments.of(SampleEvents.paymentLinkExpired(), LinkEvent.class),
                Arguments.of(SampleEvents.webhookReceived(), WebhookEvent.class),
                Arguments.of(SampleEvents.providerStatusObserved(), ProviderEvent.class),
                Arguments.of(SampleEvents.orderPaymentStatusChanged(), OrderStatusEvent.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eachEventIsWrittenExactlyAsItsSnapshot(IntegrationEvent event, Class<? extends IntegrationEvent> family) {
        JsonNode written = JSON.readTree(EventCodec.write(event));

        assertThat(written).isEqualTo(snapshot(event.type()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eachSnapshotReadsBackToAnEqualEventThroughItsTopicInterface(
            IntegrationEvent event, Class<? extends IntegrationEvent> family) {
        IntegrationEvent read = EventCodec.read(snapshotBytes(event.type()), family);

        assertThat(read).isEqualTo(event);
        assertThat(read.type()).isEqualTo(snapshot(event.type()).get("type").asString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void fieldsAddedByANewerProducerAreIgnored(IntegrationEvent event, Class<? extends IntegrationEvent> family) {
        ObjectNode newer = (ObjectNode) snapshot(event.type());
        newer.put("addedLater", "a field this consumer does not know yet");
        newer.putObject("addedLaterObject").put("nested", 1).putArray("list").add("x");

        assertThat(EventCodec.read(JSON.writeValueAsBytes(newer), family)).isEqualTo(event);
    }

    @Test
    void eventsWrittenBeforeAFieldExistedStillRead() {
        ObjectNode previous = (ObjectNode) snapshot(EventTypes.ORDER_PAYMENT_STATUS_CHANGED);
        previous.remove("refundedAmount");
        previous.remove("republished");
        previous.remove("flags");

        OrderStatusEvent read = EventCodec.read(JSON.writeValueAsBytes(previous), OrderStatusEvent.class);

        assertThat(read)
                .isEqualTo(new OrderPaymentStatusChanged(
                        SampleEvents.orderPaymentStatusChanged().eventId(),
                        SampleEvents.orderPaymentStatusChanged().occurredAt(),
                        SampleEvents.ORDER_ID,
                        PaymentStatus.PAID,
                        PaymentStatus.PARTIALLY_PAID,
                        3,
                        new BigDecimal("10.50"),
                        new BigDecimal("12.00"),
                        null,
                        "USD",
                        SampleEvents.orderPaymentStatusChanged().cause(),
                        null,
                        false));
    }

    @Test
    void observationsWrittenBeforeTheBreakdownFieldsExistedStillRead() {
        ProviderStatusObserved read = (ProviderStatusObserved)
                EventCodec.read(resource("/snapshots/previous/provider.status-observed.json"), ProviderEvent.class);

        assertThat(read)
                .isEqualTo(new ProviderStatusObserved(
                        SampleEvents.providerStatusObserved().eventId(),
                        SampleEvents.providerStatusObserved().occurredAt(),
                        SampleEvents.REQUEST_ID,
                        true,
                        "paid",
                        new BigDecimal("10.50"),
                        new BigDecimal("10.50"),
                        List.of(new ProviderStatusObserved.ObservedPayment(
                                "0xabcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890",
                                new BigDecimal("10.50"),
                                "USDC",
                                Instant.parse("2026-03-02T14:29:58Z"))),
                        null,
                        List.of()));
        assertThat(read.remainingAmount()).isNull();
        assertThat(read.breakdownPayments()).isEmpty();
    }

    @Test
    void anObservationOfAnUnpaidRequestHasNoAmountsAtAll() {
        ProviderStatusObserved unpaid = new ProviderStatusObserved(
                SampleEvents.providerStatusObserved().eventId(),
                SampleEvents.providerStatusObserved().occurredAt(),
                SampleEvents.REQUEST_ID,
                false,
                null,
                null,
                null,
                List.of(),
                null,
                null);

        JsonNode written = JSON.readTree(EventCodec.write(unpaid));

        assertThat(written.get("paidAmount").isNull()).isTrue();
        assertThat(written.get("remainingAmount").isNull()).isTrue();
        assertThat(written.get("breakdownPayments").isEmpty()).isTrue();
        assertThat(EventCodec.read(EventCodec.write(unpaid), ProviderEvent.class))
                .isEqualTo(unpaid);
    }

    @Test
    void amountsAreWrittenAsPlainDecimalStringsWhateverTheirScale() {
        PaymentLinkCreated sample = SampleEvents.paymentLinkCreated();
        PaymentLinkCreated hundred = new PaymentLinkCreated(
                sample.eventId(),
                sample.occurredAt(),
                sample.orderId(),
                sample.token(),
                sample.requestIds(),
                new BigDecimal("100.00").stripTrailingZeros(), // 1E+2 in scientific notation
                sample.currency(),
                sample.reference(),
                sample.securePaymentUrl(),
                sample.createdAt(),
                sample.expiresAt());

        JsonNode amount = JSON.readTree(EventCodec.write(hundred)).get("amount");

        assertThat(amount.isString()).isTrue();
        assertThat(amount.asString()).isEqualTo("100");
    }

    @Test
    void theKeyOfAWebhookIsItsRequestIdOrElseItsDeliveryId() {
        WebhookReceived sample = SampleEvents.webhookReceived();
        WebhookReceived withoutRequestId = new WebhookReceived(
                sample.eventId(),
                sample.occurredAt(),
                sample.deliveryId(),
                "compliance.updated",
                null,
                false,
                0,
                sample.secretId(),
                sample.headers(),
                sample.body());

        assertThat(sample.key()).isEqualTo(SampleEvents.REQUEST_ID);
        assertThat(withoutRequestId.key()).isEqualTo(SampleEvents.DELIVERY_ID);
        assertThat(SampleEvents.paymentLinkCreated().key()).isEqualTo(SampleEvents.ORDER_ID);
        assertThat(SampleEvents.orderPaymentStatusChanged().key()).isEqualTo(SampleEvents.ORDER_ID);
        assertThat(SampleEvents.providerStatusObserved().key()).isEqualTo(SampleEvents.REQUEST_ID);
    }

    private static JsonNode snapshot(String type) {
        return JSON.readTree(snapshotBytes(type));
    }

    private static byte[] snapshotBytes(String type) {
        return resource("/snapshots/" + type + ".json");
    }

    private static byte[] resource(String resource) {
        try (InputStream in = EventSnapshotTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("snapshot %s", resource).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }
}
