package io.payrecon.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One event of each type with fixed ids and times: the values the snapshots under {@code snapshots/} pin. */
final class SampleEvents {

    static final String ORDER_ID = "order-1001";
    static final String TOKEN = "01KJRA0M9QG8MA4X887908T8A4";
    static final String REQUEST_ID = "01e273ecc29d4b526df3a0f1f05ffc59372af8752c2b678096e49ac270416a7cdb";
    static final String DELIVERY_ID = "01KJT5W2X3Y4Z5A6B7C8D9E0F1";
    static final UUID WEBHOOK_EVENT_ID = UUID.fromString("9b2e4c1a-5d6f-4a7b-8c9d-0e1f2a3b4c5d");
    static final byte[] WEBHOOK_BODY = ("{\"event\":\"payment.confirmed\",\"requestId\":\"" + REQUEST_ID
                    + "\",\"amount\":\"10.50\"}")
            .getBytes(StandardCharsets.UTF_8);

    private SampleEvents() {}

    static PaymentLinkCreated paymentLinkCreated() {
        return new PaymentLinkCreated(
                UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                Instant.parse("2026-03-01T10:15:30Z"),
                ORDER_ID,
                TOKEN,
                List.of(REQUEST_ID),
                new BigDecimal("10.50"),
                "USD",
                ORDER_ID,
                "https://pay.request.network/?token=" + TOKEN,
                Instant.parse("2026-03-01T10:15:29.250Z"),
                Instant.parse("2026-03-08T10:15:29.250Z"));
    }

    static PaymentLinkRenewed paymentLinkRenewed() {
        return new PaymentLinkRenewed(
                UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"),
                Instant.parse("2026-03-09T08:00:05Z"),
                ORDER_ID,
                "01KKB3Z7T4W9Q6N2M8P5R1S3V0",
                TOKEN,
                List.of("01aa73ecc29d4b526df3a0f1f05ffc59372af8752c2b678096e49ac270416a7c00"),
                new BigDecimal("5.25"),
                new BigDecimal("10.50"),
                "USD",
                "https://pay.request.network/?token=01KKB3Z7T4W9Q6N2M8P5R1S3V0",
                Instant.parse("2026-03-09T08:00:04.500Z"),
                Instant.parse("2026-03-16T08:00:04.500Z"));
    }

    static PaymentLinkExpired paymentLinkExpired() {
        return new PaymentLinkExpired(
                UUID.fromString("d2c1b6e4-3f0a-4e5b-9c7d-8a1b2c3d4e5f"),
                Instant.parse("2026-03-08T10:15:31Z"),
                ORDER_ID,
                TOKEN,
                List.of(REQUEST_ID),
                Instant.parse("2026-03-08T10:15:29.250Z"));
    }

    static WebhookReceived webhookReceived() {
        return new WebhookReceived(
                WEBHOOK_EVENT_ID,
                Instant.parse("2026-03-02T14:30:00.125Z"),
                DELIVERY_ID,
                "payment.confirmed",
                REQUEST_ID,
                false,
                1,
                "secret-0",
                Map.of(
                        "content-type", "application/json",
                        "x-request-network-delivery", DELIVERY_ID,
                        "x-request-network-retry-count", "1"),
                WEBHOOK_BODY);
    }

    /** Paid by two payments, as the poller reads the documented answer: a breakdown, and the sandbox's items. */
    static ProviderStatusObserved providerStatusObserved() {
        Instant first = Instant.parse("2026-03-02T14:20:00Z");
        Instant second = Instant.parse("2026-03-02T14:29:58Z");
        return new ProviderStatusObserved(
                UUID.fromString("4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0"),
                Instant.parse("2026-03-02T14:31:00Z"),
                REQUEST_ID,
                true,
                "paid",
                null,
                new BigDecimal("10.50"),
                List.of(
                        new ProviderStatusObserved.ObservedPayment(
                                "0x1111111111111111111111111111111111111111111111111111111111111111",
                                new BigDecimal("4.00"),
                                "USDC",
                                first),
                        new ProviderStatusObserved.ObservedPayment(
                                "0xabcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890",
                                new BigDecimal("6.50"),
                                "USDC",
                                second)),
                new BigDecimal("0"),
                List.of(
                        new ProviderStatusObserved.ObservedPayment(null, new BigDecimal("4.00"), null, first),
                        new ProviderStatusObserved.ObservedPayment(null, new BigDecimal("6.50"), null, second)));
    }

    static OrderPaymentStatusChanged orderPaymentStatusChanged() {
        return new OrderPaymentStatusChanged(
                UUID.fromString("c56a4180-65aa-42ec-a945-5fd21dec0538"),
                Instant.parse("2026-03-02T14:30:01.500Z"),
                ORDER_ID,
                PaymentStatus.PAID,
                PaymentStatus.PARTIALLY_PAID,
                3,
                new BigDecimal("10.50"),
                new BigDecimal("12.00"),
                BigDecimal.ZERO,
                "USD",
                new OrderPaymentStatusChanged.Cause(WEBHOOK_EVENT_ID, "payment.confirmed", DELIVERY_ID),
                List.of("overpaid"),
                false);
    }
}
