package io.payrecon.reconciler.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges counted in the database every 10 s by one cheap statement, so a scrape never touches it:
 *
 * <ul>
 *   <li>{@code reconciler.dead.letters.pending} ({@code reconciler_dead_letters_pending}): dead letters neither
 *       retried nor discarded;
 *   <li>{@code reconciler.parked} ({@code reconciler_parked}): webhooks parked because their link has not arrived,
 *       still waited for;
 *   <li>{@code reconciler.parked.foreign} ({@code reconciler_parked_foreign}): parked webhooks marked foreign (no link
 *       of ours within {@code reconciler.parked.foreign-after}): kept, no longer waited for;
 *   <li>{@code reconciler.polling.backlog} ({@code reconciler_polling_backlog}): the poller's queue, polls due now or
 *       overdue and polls held back by the provider quota (link creation comes first), counted up to
 *       {@value #POLLING_BACKLOG_CAP}. Polls, not orders: a paid order's slow-rung poll (only a refund can still come)
 *       takes the quota like any other, and a poll whose order was settled since counts until the poller's next round
 *       drops it. A poll due at or before its end counts after that end too: it is still made. Each kind is counted
 *       among the first polls of its index in due order, which are read up to the cap and only then filtered: the
 *       inner query has no condition to estimate, so its plan is the index's, whatever the statistics say (with the
 *       condition inside, stale statistics made it a bitmap scan of every due poll, 0.2-1 s every 10 s in the bench).
 *       A count reads at most twice the cap of polls, so a backlog of a million (a poller stopped for days) costs no
 *       more than one of ten thousand.
 * </ul>
 *
 * Until the first count, and while the database cannot be read, they have no value (NaN) rather than a wrong one.
 */
@Component
class BacklogGauges implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(BacklogGauges.class);

    /** The polling backlog is counted up to this: more means the same to an operator, and costs more to count. */
    static final int POLLING_BACKLOG_CAP = 10_000;

    private final JdbcClient jdbc;
    private volatile Counts counts = Counts.NONE;

    BacklogGauges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Counts(double deadLetters, double parked, double parkedForeign, double pollingBacklog) {

        static final Counts NONE = new Counts(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("reconciler.dead.letters.pending", this, gauges -> gauges.counts.deadLetters())
                .description("Dead letters neither retried nor discarded")
                .register(registry);
        Gauge.builder("reconciler.parked", this, gauges -> gauges.counts.parked())
                .description("Webhooks parked until their payment link arrives, still waited for")
                .register(registry);
        Gauge.builder("reconciler.parked.foreign", this, gauges -> gauges.counts.parkedForeign())
                .description("Parked webhooks taken for foreign: no link of ours came within "
                        + "reconciler.parked.foreign-after; kept, no longer waited for")
                .register(registry);
        Gauge.builder("reconciler.polling.backlog", this, gauges -> gauges.counts.pollingBacklog())
                .description("Polls due now or overdue, or held back by the provider quota (counted up to "
                        + POLLING_BACKLOG_CAP + ")")
                .register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelay = 10_000)
    void refresh() {
        try {
            counts = jdbc.sql("""
                            SELECT
                              (SELECT count(*) FROM dead_letters WHERE state = 'PENDING') AS dead_letters,
                              (SELECT count(*) FROM parked_webhooks WHERE foreign_at IS NULL AND discarded_at IS NULL)
                                AS parked,
                              (SELECT count(*) FROM parked_webhooks WHERE foreign_at IS NOT NULL AND discarded_at IS NULL)
                                AS parked_foreign,
                              LEAST(:cap,
                                (SELECT count(*) FROM (
                                  SELECT next_poll_at, poll_until FROM polls ORDER BY next_poll_at LIMIT :cap) AS first
                                 WHERE next_poll_at <= now() AND poll_until >= next_poll_at)
                                + (SELECT count(*) FROM (
                                  SELECT next_poll_at, poll_until FROM polls WHERE last_outcome LIKE 'not polled:%'
                                  ORDER BY next_poll_at LIMIT :cap) AS first
                                 WHERE next_poll_at > now() AND poll_until >= next_poll_at))
                                AS polling_backlog
                            """)
                    .param("cap", POLLING_BACKLOG_CAP)
                    .query((rs, row) -> new Counts(
                            rs.getLong("dead_letters"),
                            rs.getLong("parked"),
                            rs.getLong("parked_foreign"),
                            rs.getLong("polling_backlog")))
                    .single();
        } catch (RuntimeException e) {
            counts = Counts.NONE;
            log.warn("Could not count dead letters, parked webhooks and due polls: {}", e.toString());
        }
    }
}
