package io.payrecon.link.paymentlink.expiry;

import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.Topics;
import io.payrecon.link.LinkProperties;
import io.payrecon.link.paymentlink.PaymentLink;
import io.payrecon.link.paymentlink.PaymentLinks;
import io.payrecon.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces expiries: every {@code links.sweep-interval}, each unpaid active link past its expiry is marked
 * {@code EXPIRED} and its {@code payment-link.expired} appended to the outbox, in one transaction per batch, so the
 * mark and the event commit together and each link is announced once. Links are taken with
 * {@code FOR UPDATE SKIP LOCKED}: any number of instances can sweep at once without announcing a link twice. Links of
 * paid orders are retired as {@code SETTLED} without an event.
 */
@Component
public class ExpirySweep implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);
    static final int BATCH_SIZE = 100;

    private final PaymentLinks links;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final LinkProperties properties;
    private final Clock clock;

    ExpirySweep(
            PaymentLinks links,
            Outbox outbox,
            TransactionTemplate transactions,
            LinkProperties properties,
            Clock clock) {
        this.links = links;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweepLoggingFailures, properties.sweepInterval());
    }

    /**
     * Sweeps until no due link is left.
     *
     * @return how many expiries this call announced
     */
    public int sweep() {
        int announced = 0;
        List<PaymentLink> batch;
        do {
            batch = transactions.execute(status -> expireBatch());
            announced += batch.size();
        } while (batch.size() == BATCH_SIZE);
        int settled = 0;
        int retired;
        do {
            retired = transactions.execute(status -> links.settleDue(now(), BATCH_SIZE));
            settled += retired;
        } while (retired == BATCH_SIZE);
        if (announced > 0 || settled > 0) {
            log.info("Expiry sweep: {} link(s) expired, {} link(s) of paid orders retired", announced, settled);
        }
        return announced;
    }

    private List<PaymentLink> expireBatch() {
        Instant now = now();
        List<PaymentLink> expired = links.expireDue(now, BATCH_SIZE);
        for (PaymentLink link : expired) {
            PaymentLinkExpired event = new PaymentLinkExpired(
                    UUID.randomUUID(), now, link.orderId(), link.token(), link.requestIds(), link.expiresAt());
            outbox.append(Topics.LINK_EVENTS, event);
            log.info(
                    "Order {} link {} expired at {} unpaid (event {})",
                    link.orderId(),
                    link.token(),
                    link.expiresAt(),
                    event.eventId());
        }
        return expired;
    }

    private void sweepLoggingFailures() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Expiry sweep failed, next attempt in {}: {}", properties.sweepInterval(), e.getMessage(), e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
