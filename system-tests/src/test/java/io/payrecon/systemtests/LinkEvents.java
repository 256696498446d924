package io.payrecon.systemtests;

import io.payrecon.events.EventCodec;
import io.payrecon.events.IntegrationEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.launcher.LocalSystem;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Link events written as link-service writes them, for the operators' tests: a renewal appended before its order's
 * creation cannot be applied and is dead-lettered with the reason, and appending the creation afterwards is the fix
 * that makes a retry succeed.
 */
final class LinkEvents {

    private LinkEvents() {}

    static PaymentLinkCreated created(String orderId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new PaymentLinkCreated(
                UUID.randomUUID(),
                now,
                orderId,
                "tok-" + UUID.randomUUID(),
                List.of("req-" + UUID.randomUUID()),
                new BigDecimal("30.00"),
                "USD",
                orderId,
                "https://pay.example/first",
                now,
                now.plus(Duration.ofDays(7)));
    }

    static PaymentLinkRenewed renewal(PaymentLinkCreated previous) {
        Instant now = previous.createdAt().plusSeconds(1);
        return new PaymentLinkRenewed(
                UUID.randomUUID(),
                now,
                previous.orderId(),
                "tok-" + UUID.randomUUID(),
                previous.token(),
                List.of("req-" + UUID.randomUUID()),
                previous.amount(),
                previous.amount(),
                previous.currency(),
                "https://pay.example/second",
                now,
                now.plus(Duration.ofDays(7)));
    }

    /** Appends a link event keyed by its order, logged in to the broker as link-service. */
    static void append(LocalSystem system, String orderId, IntegrationEvent event) {
        Properties config = new Properties();
        config.putAll(system.infrastructure().clientProperties(Principal.LINK_SERVICE));
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.LINK_EVENTS, orderId, EventCodec.write(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot append to " + Topics.LINK_EVENTS, e);
        }
    }
}
