package io.payrecon.reconciler.polling;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.payrecon.devstack.DevStack;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Claiming due polls against PostgreSQL, in a schema of its own migrated by the reconciler's migrations (no poller
 * runs there): which polls are claimed, which are dropped, and that a round looks at the oldest due polls only.
 */
class PollsClaimIT {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant LEASE = NOW.plus(Duration.ofMinutes(2));

    private final String schema = "polls_claim_" + UUID.randomUUID().toString().replace("-", "");
    private HikariDataSource pool;
    private JdbcClient jdbc;
    private Polls polls;

    @BeforeEach
    void migrate() {
        DevStack stack = DevStack.shared();
        Flyway.configure(PollsClaimIT.class.getClassLoader())
                .dataSource(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword())
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        pool = new HikariDataSource();
        pool.setJdbcUrl(stack.jdbcUrl());
        pool.setUsername(stack.databaseUser());
        pool.setPassword(stack.databasePassword());
        pool.setSchema(schema);
        pool.setMaximumPoolSize(2);
        jdbc = JdbcClient.create(pool);
        polls = new Polls(
                jdbc,
                new PollingLadder(
                        List.of(Duration.ofMinutes(1)),
                        Duration.ofHours(1),
                        Duration.ofDays(1),
                        Duration.ofDays(1),
                        Duration.ofDays(1)));
    }

    @AfterEach
    void drop() {
        try {
            jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
        } finally {
            pool.close();
        }
    }

    @Test
    void claimsTheOldestDuePollsOfOrdersStillPolledAndDropsTheOthersWithoutClaimingThem() {
        poll("awaiting", "AWAITING_PAYMENT", NOW.minusSeconds(30), NOW.plus(Duration.ofDays(1)));
        poll("older", "AWAITING_PAYMENT", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
        poll("paid", "PAID", NOW.minusSeconds(20), NOW.plus(Duration.ofDays(1)));
        poll("not-yet", "AWAITING_PAYMENT", NOW.plusSeconds(10), NOW.plus(Duration.ofDays(1)));
        poll("past-its-end", "AWAITING_PAYMENT", NOW.minusSeconds(90), NOW.minusSeconds(91));
        poll("refunded", "REFUNDED", NOW.minusSeconds(90), NOW.plus(Duration.ofDays(1)));

        List<Polls.Claim> claims = polls.claimDue(NOW, 10, LEASE);

        assertThat(claims)
                .extracting(Polls.Claim::requestId)
                .containsExactlyInAnyOrder("request-older", "request-awaiting", "request-paid");
        assertThat(claims)
                .filteredOn(Polls.Claim::settled)
                .extracting(Polls.Claim::requestId)
                .containsExactly("request-paid");
        assertThat(requestIds())
                .containsExactlyInAnyOrder("request-older", "request-awaiting", "request-paid", "request-not-yet");
        assertThat(nextPollAt("request-older")).as("leased").isEqualTo(LEASE);
        assertThat(polls.claimDue(NOW, 10, LEASE))
                .as("leased polls are not due")
                .isEmpty();
    }

    @Test
    void theLaddersLastPollAtItsEndIsMadeWhenTheRoundComesAfterTheEnd() {
        Instant end = NOW.minusMillis(300);
        poll("last", "AWAITING_PAYMENT", end, end);

        List<Polls.Claim> claims = polls.claimDue(NOW, 10, LEASE);

        assertThat(claims).extracting(Polls.Claim::requestId).containsExactly("request-last");
        polls.polled(claims.get(0), NOW, "not paid", false);
        assertThat(requestIds()).as("made: polling the request is over").isEmpty();
    }

    @Test
    void aLastPollTheQuotaHeldPastTheEndIsStillMadeButOneThatFailedIsNot() {
        Instant end = NOW.minusMillis(300);
        poll("held", "AWAITING_PAYMENT", end, end);
        poll("failed", "AWAITING_PAYMENT", end, end);
        List<Polls.Claim> claims = polls.claimDue(NOW, 10, LEASE);
        assertThat(claims).hasSize(2);
        Instant later = NOW.plusSeconds(5);
        claims.forEach(claim -> {
            if (claim.requestId().equals("request-held")) {
                polls.defer(claim, later, Polls.Deferral.HELD, "not polled: the quota (test)");
            } else {
                polls.defer(claim, later, Polls.Deferral.FAILED, "failed: HTTP_STATUS 500");
            }
        });

        assertThat(polls.claimDue(later, 10, later.plus(Duration.ofMinutes(2))))
                .extracting(Polls.Claim::requestId)
                .containsExactly("request-held");
        assertThat(requestIds()).containsExactly("request-held");
    }

    @Test
    void aRoundDropsPollsOnlyAmongTheOldestDueAndNeverClaimsOnePastItsEnd() {
        // the oldest due: a window's worth of polls of refunded orders, nothing left to poll for
        jdbc.sql("""
                        INSERT INTO orders (order_id, status, expected_amount, paid_amount, refunded_amount, currency,
                                            sequence, created_at, updated_at)
                        SELECT 'refunded-' || g, 'REFUNDED', 10, 10, 10, 'USDC', 2, :now, :now
                        FROM generate_series(1, :count) AS g
                        """)
                .param("now", utc(NOW))
                .param("count", Polls.CLEANUP_WINDOW)
                .update();
        jdbc.sql("""
                        INSERT INTO polls (request_id, order_id, since, poll_until, next_poll_at)
                        SELECT 'request-refunded-' || g, 'refunded-' || g, :since, :until, :since + g * interval '1 ms'
                        FROM generate_series(1, :count) AS g
                        """)
                .param("since", utc(NOW.minus(Duration.ofHours(2))))
                .param("until", utc(NOW.plus(Duration.ofDays(1))))
                .param("count", Polls.CLEANUP_WINDOW)
                .update();
        // then one of an order still polled, but due after its end (a failed poll retried past it); then one to poll
        poll("past-its-end", "AWAITING_PAYMENT", NOW.minusSeconds(60), NOW.minusSeconds(61));
        poll("awaiting", "AWAITING_PAYMENT", NOW.minusSeconds(30), NOW.plus(Duration.ofDays(1)));

        List<Polls.Claim> first = polls.claimDue(NOW, 10, LEASE);

        assertThat(first).extracting(Polls.Claim::requestId).containsExactly("request-awaiting");
        assertThat(requestIds())
                .as("the window's polls dropped; the one past its end, behind them, not looked at yet")
                .containsExactlyInAnyOrder("request-past-its-end", "request-awaiting");

        assertThat(polls.claimDue(NOW, 10, LEASE)).isEmpty();
        assertThat(requestIds()).containsExactly("request-awaiting");
    }

    private void poll(String name, String status, Instant nextPollAt, Instant until) {
        jdbc.sql("""
                        INSERT INTO orders (order_id, status, expected_amount, paid_amount, refunded_amount, currency,
                                            sequence, created_at, updated_at)
                        VALUES (:id, :status, 10, :paid, :refunded, 'USDC', 1, :now, :now)
                        """)
                .param("id", "order-" + name)
                .param("status", status)
                .param("paid", status.equals("AWAITING_PAYMENT") ? 0 : 10)
                .param("refunded", status.equals("REFUNDED") ? 10 : 0)
                .param("now", utc(NOW))
                .update();
        jdbc.sql("""
                        INSERT INTO polls (request_id, order_id, since, poll_until, next_poll_at)
                        VALUES (:request, :order, :since, :until, :next)
                        """)
                .param("request", "request-" + name)
                .param("order", "order-" + name)
                .param("since", utc(NOW.minus(Duration.ofHours(1))))
                .param("until", utc(until))
                .param("next", utc(nextPollAt))
                .update();
    }

    private List<String> requestIds() {
        return jdbc.sql("SELECT request_id FROM polls").query(String.class).list();
    }

    private Instant nextPollAt(String requestId) {
        return jdbc.sql("SELECT next_poll_at FROM polls WHERE request_id = :id")
                .param("id", requestId)
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
