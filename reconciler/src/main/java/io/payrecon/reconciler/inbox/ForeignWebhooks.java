package io.payrecon.reconciler.inbox;

import io.payrecon.reconciler.ReconcilerProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stops waiting for the links of webhooks that are not ours. The provider sends every event of a Client ID, so
 * requests created elsewhere with the same Client ID (another shop, a test by hand) send webhooks whose link never
 * comes: they were parked for ever and kept the stale-parking alert on. Every {@code foreign-check-every}, webhooks
 * parked for longer than {@code reconciler.parked.foreign-after} whose request id still belongs to no order are marked
 * foreign ({@link ParkedWebhooks#markForeign}, {@link Inbox#settleForeign}): recorded as {@code IGNORED} with the reason, kept parked and listed, no longer
 * counted as stale, and applied all the same should their link arrive after all.
 */
@Component
class ForeignWebhooks {

    private static final Logger log = LoggerFactory.getLogger(ForeignWebhooks.class);

    /** Rows marked per statement; the run goes on until none is left. */
    private static final int BATCH = 500;

    private final Inbox inbox;
    private final ParkedWebhooks parked;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration foreignAfter;

    ForeignWebhooks(
            Inbox inbox,
            ParkedWebhooks parked,
            TransactionTemplate transactions,
            Clock clock,
            ReconcilerProperties properties) {
        this.inbox = inbox;
        this.parked = parked;
        this.transactions = transactions;
        this.clock = clock;
        this.foreignAfter = properties.parked().foreignAfter();
    }

    @Scheduled(
            initialDelayString = "${reconciler.parked.foreign-check-every:1m}",
            fixedDelayString = "${reconciler.parked.foreign-check-every:1m}")
    void markDue() {
        try {
            List<ParkedWebhooks.MarkedForeign> marked;
            do {
                marked = transactions.execute(tx -> {
                    List<ParkedWebhooks.MarkedForeign> now =
                            parked.markForeign(clock.instant().minus(foreignAfter), BATCH);
                    inbox.settleForeign(now, reason(foreignAfter));
                    return now;
                });
                marked.forEach(webhook -> log.info(
                        "Delivery {} for request {}, parked since {}: no link of ours after {}: foreign, no longer "
                                + "waited for (kept, and applied should its link still arrive)",
                        webhook.deliveryId(),
                        webhook.requestId(),
                        webhook.parkedAt(),
                        human(foreignAfter)));
            } while (marked.size() == BATCH);
        } catch (RuntimeException e) {
            log.warn("Could not mark foreign webhooks, trying again later: {}", e.toString());
        }
    }

    /** The delivery's recorded reason; {@code %s} stands for its request id. */
    static String reason(Duration foreignAfter) {
        return "no link of ours for request %s after " + human(foreignAfter)
                + ": foreign (kept parked, and applied should its link still arrive; GET /admin/parked?state=foreign)";
    }

    /** {@code 24h}, {@code 90m}, {@code 5s}, as the property is written. */
    static String human(Duration duration) {
        if (duration.toSecondsPart() == 0 && duration.toNanosPart() == 0) {
            if (duration.toMinutesPart() == 0) {
                return duration.toHours() + "h";
            }
            return duration.toMinutes() + "m";
        }
        return duration.toNanosPart() == 0 ? duration.toSeconds() + "s" : duration.toString();
    }
}
