package io.payrecon.link.paymentlink.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.LinkEvent;
import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentStatus;
import io.payrecon.link.RunningLinkService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Part 7 of issue 4: the expiry sweep announces each unpaid link past its expiry once. These tests call the sweep
 * directly and concurrently, while the scheduled one also runs every second ({@code links.sweep-interval: 1s}).
 */
class ExpirySweepIT extends RunningLinkService {

    private static final Duration PAST_EXPIRY = Duration.ofDays(8);

    @Autowired
    ExpirySweep sweep;

    @Test
    void unpaidLinkPastItsExpiryIsAnnouncedExpiredOnce() throws Exception {
        String orderId = newOrderId();
        JsonNode link = create(orderId, "5.00");
        clock().advance(PAST_EXPIRY);

        ExecutorService sweepers = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<Integer>> sweeps = List.of(
                    CompletableFuture.supplyAsync(sweep::sweep, sweepers),
                    CompletableFuture.supplyAsync(sweep::sweep, sweepers),
                    CompletableFuture.supplyAsync(sweep::sweep, sweepers));
            sweeps.forEach(CompletableFuture::join);
        } finally {
            sweepers.shutdownNow();
        }
        sweep.sweep();

        List<LinkEvent> events = publishedLinkEvents(orderId);
        assertThat(events).extracting(LinkEvent::type).containsExactly("payment-link.created", "payment-link.expired");
        PaymentLinkExpired expired = (PaymentLinkExpired) events.get(1);
        assertThat(expired.token()).isEqualTo(link.path("token").asString());
        assertThat(expired.requestIds())
                .containsExactly(link.path("requestIds").get(0).asString());
        assertThat(expired.expiredAt())
                .isEqualTo(Instant.parse(link.path("expiresAt").asString()));
        assertThat(linkStatus(link.path("token").asString())).isEqualTo("EXPIRED");
        JsonNode order =
                JSON.readTree(get("/api/payment-links/" + orderId, API_KEY).body());
        assertThat(order.path("status").asString()).isEqualTo("EXPIRED");
    }

    /** Nobody calls the sweep here: the schedule does, within a few of its 1 s intervals. */
    @Test
    void scheduledSweepAnnouncesExpiriesByItself() {
        String orderId = newOrderId();
        String token = create(orderId, "5.00").path("token").asString();
        clock().advance(PAST_EXPIRY);

        await().atMost(EVENTUALLY).until(() -> "EXPIRED".equals(linkStatus(token)));

        assertThat(publishedLinkEvents(orderId))
                .extracting(LinkEvent::type)
                .containsExactly("payment-link.created", "payment-link.expired");
    }

    @Test
    void linkOfAPaidOrderIsRetiredWithoutAnExpiry() {
        String orderId = newOrderId();
        String token = create(orderId, "5.00").path("token").asString();
        learnStatus(statusChange(orderId, PaymentStatus.PAID, 1, "5.00", "5.00"));
        clock().advance(PAST_EXPIRY);

        sweep.sweep();

        assertThat(linkStatus(token)).isEqualTo("SETTLED");
        assertThat(publishedLinkEvents(orderId)).extracting(LinkEvent::type).containsExactly("payment-link.created");
    }

    @Test
    void linkBeforeItsExpiryIsLeftAlone() {
        String orderId = newOrderId();
        String token = create(orderId, "5.00").path("token").asString();
        clock().advance(Duration.ofDays(6));

        sweep.sweep();

        assertThat(linkStatus(token)).isEqualTo("ACTIVE");
        assertThat(publishedLinkEvents(orderId)).extracting(LinkEvent::type).containsExactly("payment-link.created");
    }

    private String linkStatus(String token) {
        return jdbc.sql("SELECT status FROM payment_link WHERE token = :token")
                .param("token", token)
                .query(String.class)
                .single();
    }
}
