package io.payrecon.reconciler.polling;

import io.payrecon.reconciler.ReconcilerProperties;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The polling ladder's state ({@code polls}): one row per request id of an order, with when it is next due. Rows
 * are added in the transaction that maps the request id to its order, and claimed with {@code FOR UPDATE SKIP
 * LOCKED}, so several instances never poll the same request at once.
 */
@Repository
public class Polls {

    /**
     * Which orders ({@code o}) are still polled, within their link's expiry plus the grace period: open ones, expired
     * ones (a payment may have been made just before expiry) and paid ones (a paid order can still be refunded, and
     * the refund's webhooks may all have been lost). {@code REFUNDED} is final once the order counts what it gave
     * back as received; a refund whose payment it never learnt of (every webhook of the payment lost, the refund's
     * delivered) keeps it polled until the payment is counted.
     */
    public static final String STILL_POLLED = "(o.status IN ('AWAITING_PAYMENT', 'PARTIALLY_PAID', 'PAYMENT_FAILED', "
            + "'EXPIRED', 'PAID') OR (o.status = 'REFUNDED' AND o.paid_amount < o.refunded_amount))";

    /** The statuses whose orders are polled on the slow rung only: nothing is owed, only a refund can come. */
    private static final String SETTLED_STATUS = "PAID";

    /** How many of the oldest due polls a round looks at for polls to drop. */
    static final int CLEANUP_WINDOW = 1_000;

    private final JdbcClient jdbc;
    private final PollingLadder ladder;

    @Autowired
    Polls(JdbcClient jdbc, ReconcilerProperties properties) {
        this(jdbc, PollingLadder.of(properties.polling()));
    }

    Polls(JdbcClient jdbc, PollingLadder ladder) {
        this.jdbc = jdbc;
        this.ladder = ladder;
    }

    /** The same store over other connections, such as a rebuild's, whose search path is its scratch schema. */
    public Polls over(JdbcClient other) {
        return new Polls(other, ladder);
    }

    /**
     * A request id just mapped to its order.
     *
     * @param since when its link was created: the ladder's ages count from there
     */
    public record NewRequest(String requestId, String orderId, Instant since, Instant expiresAt) {}

    /** Starts the ladder of new request ids, in the caller's transaction. */
    public void schedule(List<NewRequest> requests) {
        if (requests.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO polls (request_id, order_id, since, poll_until, next_poll_at)
                        SELECT p.request_id, p.order_id, p.since, p.poll_until, p.next_poll_at
                        FROM unnest(CAST(:requestIds AS text[]), CAST(:orderIds AS text[]),
                                    CAST(:since AS timestamptz[]), CAST(:until AS timestamptz[]),
                                    CAST(:next AS timestamptz[]))
                             AS p(request_id, order_id, since, poll_until, next_poll_at)
                        ON CONFLICT (request_id) DO NOTHING
                        """)
                .param(
                        "requestIds",
                        requests.stream().map(NewRequest::requestId).toArray(String[]::new))
                .param("orderIds", requests.stream().map(NewRequest::orderId).toArray(String[]::new))
                .param("since", requests.stream().map(r -> r.since().toString()).toArray(String[]::new))
                .param(
                        "until",
                        requests.stream()
                                .map(r -> ladder.until(r.expiresAt()).toString())
                                .toArray(String[]::new))
                .param(
                        "next",
                        requests.stream()
                                .map(r -> ladder.first(r.since()).toString())
                                .toArray(String[]::new))
                .update();
    }

    /**
     * A poll claimed by this instance until its lease ends.
     *
     * @param settled whether the order was paid when claimed: its next poll is on the slow rung
     */
    record Claim(String requestId, String orderId, Instant since, Instant until, int attempts, boolean settled) {}

    /**
     * Claims up to {@code limit} due polls of orders still polled, oldest due first, and keeps them from other
     * instances until {@code leaseUntil} (should this instance die, they are due again then). A poll due at or before
     * its end ({@code poll_until}) is made even when the round comes after that end: the ladder's last poll is at the
     * end itself. Polls of orders no longer polled, or due after their end (a failed poll retried past it, a lease that
     * ran past it), are dropped first, among the {@value #CLEANUP_WINDOW} oldest due: a round costs what that window
     * holds, not what is due (a quota that holds polling back for hours leaves a due backlog as large as the orders of
     * those hours). Those further back are dropped as the front moves on, and never claimed meanwhile.
     */
    List<Claim> claimDue(Instant now, int limit, Instant leaseUntil) {
        jdbc.sql("""
                        DELETE FROM polls p USING orders o
                        WHERE p.request_id IN (SELECT request_id FROM polls WHERE next_poll_at <= :now
                                               ORDER BY next_poll_at LIMIT :window)
                          AND o.order_id = p.order_id AND (NOT %s OR p.next_poll_at > p.poll_until)
                        """.formatted(STILL_POLLED))
                .param("now", utc(now))
                .param("window", CLEANUP_WINDOW)
                .update();
        return jdbc.sql("""
                        WITH due AS (
                            SELECT p.request_id FROM polls p JOIN orders o ON o.order_id = p.order_id
                            WHERE p.next_poll_at <= :now AND p.next_poll_at <= p.poll_until AND %s
                            ORDER BY p.next_poll_at
                            LIMIT :limit
                            FOR UPDATE OF p SKIP LOCKED)
                        UPDATE polls p SET next_poll_at = :leaseUntil
                        FROM due, orders o
                        WHERE p.request_id = due.request_id AND o.order_id = p.order_id
                        RETURNING p.request_id, p.order_id, p.since, p.poll_until, p.attempts,
                                  o.status = :settled AS settled
                        """.formatted(STILL_POLLED))
                .param("now", utc(now))
                .param("limit", limit)
                .param("leaseUntil", utc(leaseUntil))
                .param("settled", SETTLED_STATUS)
                .query((rs, row) -> new Claim(
                        rs.getString("request_id"),
                        rs.getString("order_id"),
                        rs.getObject("since", OffsetDateTime.class).toInstant(),
                        rs.getObject("poll_until", OffsetDateTime.class).toInstant(),
                        rs.getInt("attempts"),
                        rs.getBoolean("settled")))
                .list();
    }

    /**
     * Records a poll made at {@code polledAt} and schedules the next one, or ends the ladder. A request with nothing
     * owed any more (its order was paid when claimed, or the provider just answered it paid) is next polled on the
     * slow rung ({@code slowEvery}): only a refund can still come.
     *
     * @param paid whether the provider answered the request paid
     */
    void polled(Claim claim, Instant polledAt, String outcome, boolean paid) {
        (claim.settled() || paid
                        ? ladder.nextSlow(polledAt, claim.until())
                        : ladder.next(claim.since(), polledAt, claim.until()))
                .ifPresentOrElse(
                        next -> jdbc.sql("""
                                        UPDATE polls SET attempts = attempts + 1, last_polled_at = :at,
                                                         last_outcome = :outcome, next_poll_at = :next
                                        WHERE request_id = :requestId
                                        """)
                                .param("at", utc(polledAt))
                                .param("outcome", outcome)
                                .param("next", utc(next))
                                .param("requestId", claim.requestId())
                                .update(),
                        () -> jdbc.sql("DELETE FROM polls WHERE request_id = :requestId")
                                .param("requestId", claim.requestId())
                                .update());
    }

    /** Why a claimed poll was not made, which decides whether its end moves with it. */
    enum Deferral {
        /**
         * The quota held it back: its end moves with it if it is now due later, so a request's last poll, held past
         * the end, is still made, once.
         */
        HELD,
        /**
         * It failed (the provider failed, or its answer was unreadable): its end stays, or a request the provider
         * always fails on would be asked for ever.
         */
        FAILED
    }

    /** A claimed poll that was not made: due again at {@code at}, with the outcome that says why. */
    void defer(Claim claim, Instant at, Deferral why, String outcome) {
        jdbc.sql("""
                        UPDATE polls SET next_poll_at = :at, last_outcome = :outcome,
                                         poll_until = CASE WHEN :held THEN GREATEST(poll_until, :at)
                                                           ELSE poll_until END
                        WHERE request_id = :requestId
                        """)
                .param("at", utc(at))
                .param("outcome", outcome)
                .param("held", why == Deferral.HELD)
                .param("requestId", claim.requestId())
                .update();
    }

    /**
     * Makes the polls of an order that is still polled due now ("ask the provider now"): the poller asks on its next
     * round, within the quota. Its polls are found through its requests (indexed by order, and scheduled with them in
     * one transaction), as polls have no index by order.
     *
     * @return the request ids made due, sorted; empty when the order is no longer polled (or unknown)
     */
    public List<String> pollNow(String orderId, Instant now) {
        return jdbc
                .sql("""
                        UPDATE polls p SET next_poll_at = :now
                        FROM orders o
                        WHERE p.request_id IN (SELECT r.request_id FROM order_requests r WHERE r.order_id = :orderId)
                          AND p.order_id = :orderId AND o.order_id = p.order_id AND p.poll_until > :now
                          AND %s
                        RETURNING p.request_id
                        """.formatted(STILL_POLLED))
                .param("orderId", orderId)
                .param("now", utc(now))
                .query(String.class)
                .list()
                .stream()
                .sorted()
                .toList();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
