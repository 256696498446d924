package io.payrecon.providerquota;

import io.micrometer.core.instrument.MeterRegistry;
import io.payrecon.requestclient.ProviderException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's rate limit for one credential (request-network-api.md §1: so many requests per minute, 429 over it,
 * a five-minute block after a sustained breach), as one count in PostgreSQL that every app and instance calling the
 * provider with that credential takes from. Nothing is kept in memory that another instance would need.
 *
 * <p>Each call first {@linkplain #take takes} one place in the last minute's count, in a short transaction that locks
 * the credential's row, so two instances never both take the last place. The count is a sliding minute (calls per
 * second of database time, summed over the last 61 seconds), so no minute, wherever the provider's own window starts,
 * holds more than {@link ProviderQuotaProperties#usable()} calls of one use, nor more than
 * {@link ProviderQuotaProperties#ceiling()} in all. {@link Use#CHECKOUT} (creating a link, or reading one for a payer)
 * may use all of the usable count, and when polling took places checkout turned out to need (polling's share is an
 * estimate of the coming minute), checkout makes them up from the headroom, up to the ceiling: polling's mistakes cost
 * the headroom, never a payer's link.
 *
 * <p>{@link Use#POLLING} gets only its share: what checkout will leave in the coming minute, the usable count less
 * checkout's demand. That demand is the largest of the checkout reserve, checkout's calls in the last minute and its
 * rate in its busiest five seconds of the last minute (as calls per minute, so a pause of a few seconds in checkout
 * does not open the minute to polling), plus a quarter for growth. A poll taken stays in the count for a minute, so
 * this looks ahead, and polling takes its share evenly, a twelfth in any five seconds: when checkout's rate read
 * low for a few seconds (an app warming up, creates arriving late and bunched), polling has taken a few seconds'
 * worth, not the minute's. A 429 from the provider blocks every user of the credential for
 * {@code request.quota.backoff}, doubling while 429s follow each other, up to five minutes; the first call answered
 * otherwise resets that.
 */
public final class ProviderQuota {

    private static final Logger log = LoggerFactory.getLogger(ProviderQuota.class);

    /** How far back the count reaches: a minute, and the second a call was counted in. */
    private static final Duration WINDOW = Duration.ofSeconds(61);

    /** The longest a poll the quota held waits before it looks again. */
    private static final Duration POLLING_LOOKS_AGAIN = Duration.ofSeconds(5);

    /**
     * The spans checkout's rate is read over (its busiest one in the last minute counts), and polling's pace: in any
     * of them, at most its share's part of the minute.
     */
    private static final Duration RATE_SPAN = Duration.ofSeconds(5);

    /** The spans in a minute: checkout's busiest span times this is its rate a minute. */
    private static final long SPANS_A_MINUTE = (WINDOW.toSeconds() - 1) / RATE_SPAN.toSeconds();

    /** Rows older than this are deleted now and then. */
    private static final Duration KEPT = Duration.ofMinutes(5);

    private static final int CLEAN_UP_EVERY = 200;

    /** Who needs the call: checkout comes first. */
    public enum Use {
        /** Creating a link, or what a payer waits for. */
        CHECKOUT,
        /** The reconciler's polling fallback: only what checkout leaves. */
        POLLING;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String credential;
    private final ProviderQuotaProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final AtomicInteger takes = new AtomicInteger();

    /** Whether the credential's row is known to exist (it is created once, and never deleted). */
    private volatile boolean rowExists;

    /** Whether the last look at the credential saw 429s in a row, so a success has a streak to end. */
    private volatile boolean strikesSeen;

    /**
     * @param credentialValue the API key or client id the calls are made with: only its hash is stored
     * @param transactions a template that starts a transaction of its own ({@code PROPAGATION_REQUIRES_NEW})
     */
    public ProviderQuota(
            String credentialValue,
            ProviderQuotaProperties properties,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            MeterRegistry meters) {
        this.credential = nameOf(credentialValue);
        this.properties = properties;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.meters = meters;
    }

    /** The name the credential is counted under: a hash of its value, never the value. */
    static String nameOf(String credentialValue) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(credentialValue.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String credential() {
        return credential;
    }

    /**
     * Makes one provider call within the quota: takes a place, makes the call, and turns the provider's 429 into the
     * backoff every user of the credential keeps.
     *
     * @throws QuotaExhausted when no place is free ({@code call} was not made), or when the provider answered 429
     *     (with the {@link ProviderException} as its cause)
     * @throws ProviderException any other failure of the call
     */
    public <T> T call(Use use, Supplier<T> call) {
        take(use);
        T answer;
        try {
            answer = call.get();
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.HTTP_STATUS && e.status() == 429) {
                Duration pause = rateLimited(e.operation());
                QuotaExhausted exhausted = new QuotaExhausted(use, pause, true);
                exhausted.initCause(e);
                throw exhausted;
            }
            answered();
            throw e;
        }
        answered();
        return answer;
    }

    /**
     * Takes one place in the last minute's count for a call about to be made.
     *
     * @throws QuotaExhausted when none is free for {@code use}, or the credential is backing off after a 429
     */
    public void take(Use use) {
        ensureRow();
        QuotaExhausted refused = transactions.execute(tx -> takeLocked(use));
        if (refused != null) {
            meters.counter(
                            "provider.quota.refused",
                            "use",
                            use.tag(),
                            "reason",
                            refused.blocked() ? "blocked" : "quota")
                    .increment();
            throw refused;
        }
        meters.counter("provider.quota.calls", "use", use.tag()).increment();
        if (takes.incrementAndGet() % CLEAN_UP_EVERY == 0) {
            cleanUp();
        }
    }

    private QuotaExhausted takeLocked(Use use) {
        Standing standing = lock();
        if (standing.blockedUntil().isAfter(standing.now())) {
            return new QuotaExhausted(use, Duration.between(standing.now(), standing.blockedUntil()), true);
        }
        Window window = jdbc.sql("""
                        WITH last_minute AS (
                            SELECT second, checkout, polling
                              FROM provider_quota.calls
                             WHERE credential = :credential AND second > :since)
                        SELECT coalesce(sum(checkout), 0) AS checkout, coalesce(sum(polling), 0) AS polling,
                               coalesce(sum(polling) FILTER (WHERE second > :span_ago), 0) AS recent_polling,
                               (SELECT coalesce(max(in_span), 0)
                                  FROM (SELECT sum(checkout) AS in_span FROM last_minute
                                         GROUP BY floor(extract(epoch FROM second) / :span)) spans)
                                 AS busiest_checkout,
                               min(second) AS oldest
                          FROM last_minute
                        """)
                .param("credential", credential)
                .param("since", Timestamp.from(standing.now().minus(WINDOW)))
                .param("span", RATE_SPAN.toSeconds())
                .param("span_ago", Timestamp.from(standing.now().minus(RATE_SPAN)))
                .query((rs, row) -> new Window(
                        rs.getInt("checkout"),
                        rs.getInt("polling"),
                        rs.getInt("recent_polling"),
                        rs.getInt("busiest_checkout"),
                        rs.getTimestamp("oldest") == null
                                ? null
                                : rs.getTimestamp("oldest").toInstant()))
                .single();
        int usable = properties.usable();
        boolean fits = switch (use) {
            // checkout's own calls stay within the usable count; polling's, when its estimate of what
            // checkout would leave was wrong, are made up from the headroom, never past the ceiling
            case CHECKOUT -> window.checkout() < usable && window.checkout() + window.polling() < properties.ceiling();
            case POLLING -> window.checkout() + window.polling() < usable && pollingFits(window);
        };
        if (!fits) {
            Duration wait = window.oldest() == null
                    ? Duration.ofSeconds(1)
                    : Duration.between(standing.now(), window.oldest().plus(WINDOW));
            if (use == Use.POLLING) {
                // what checkout leaves changes as the minute rolls on: look again soon
                wait = wait.compareTo(POLLING_LOOKS_AGAIN) > 0 ? POLLING_LOOKS_AGAIN : wait;
            }
            Duration least = Duration.ofMillis(100);
            return new QuotaExhausted(use, wait.compareTo(least) < 0 ? least : wait, false);
        }
        jdbc.sql("""
                        INSERT INTO provider_quota.calls AS c (credential, second, checkout, polling)
                        VALUES (:credential, date_trunc('second', :now::timestamptz), :checkout, :polling)
                        ON CONFLICT (credential, second) DO UPDATE
                           SET checkout = c.checkout + excluded.checkout,
                               polling = c.polling + excluded.polling
                        """)
                .param("credential", credential)
                .param("now", Timestamp.from(standing.now()))
                .param("checkout", use == Use.CHECKOUT ? 1 : 0)
                .param("polling", use == Use.POLLING ? 1 : 0)
                .update();
        return null;
    }

    /**
     * The provider answered 429: nobody calls with this credential until the backoff is over. Calls that were in
     * flight together count as one 429.
     *
     * @return how long the backoff still lasts
     */
    public Duration rateLimited(String operation) {
        meters.counter("provider.quota.rate_limited").increment();
        ensureRow();
        return transactions.execute(tx -> {
            Standing standing = lock();
            if (standing.blockedUntil().isAfter(standing.now())) {
                return Duration.between(standing.now(), standing.blockedUntil());
            }
            int strikes = standing.strikes() + 1;
            Duration pause = properties.backoffAfter(strikes);
            jdbc.sql(
                            "UPDATE provider_quota.credentials SET strikes = :strikes, blocked_until = :until WHERE credential = :credential")
                    .param("strikes", strikes)
                    .param("until", Timestamp.from(standing.now().plus(pause)))
                    .param("credential", credential)
                    .update();
            strikesSeen = true;
            log.warn(
                    "Request Network answered 429 to {} ({} in a row for credential {}): no call with it for {}",
                    operation,
                    strikes,
                    credential,
                    pause);
            return pause;
        });
    }

    /** A call was answered (other than 429): a streak of 429s, if any, is over. */
    public void answered() {
        if (!strikesSeen) {
            return;
        }
        strikesSeen = false;
        int ended = jdbc.sql(
                        "UPDATE provider_quota.credentials SET strikes = 0 WHERE credential = :credential AND strikes > 0")
                .param("credential", credential)
                .update();
        if (ended > 0) {
            log.info("Request Network accepts calls with credential {} again", credential);
        }
    }

    /** Calls counted in the last minute, by use: for health details and tests. */
    public Usage usage() {
        ensureRow();
        return transactions.execute(tx -> {
            Standing standing = lock();
            return jdbc.sql("""
                            SELECT coalesce(sum(checkout), 0) AS checkout, coalesce(sum(polling), 0) AS polling
                              FROM provider_quota.calls
                             WHERE credential = :credential AND second > :since
                            """)
                    .param("credential", credential)
                    .param("since", Timestamp.from(standing.now().minus(WINDOW)))
                    .query((rs, row) -> new Usage(
                            rs.getInt("checkout"),
                            rs.getInt("polling"),
                            properties.usable(),
                            standing.blockedUntil().isAfter(standing.now()) ? standing.blockedUntil() : null))
                    .single();
        });
    }

    /**
     * @param blockedUntil while backing off after a 429, until when; else null
     */
    public record Usage(int checkout, int polling, int usable, Instant blockedUntil) {}

    private record Standing(Instant blockedUntil, int strikes, Instant now) {}

    /**
     * @param recentPolling polling's calls in the last five seconds
     * @param busiestCheckout checkout's calls in its busiest five seconds of the last minute
     */
    private record Window(int checkout, int polling, int recentPolling, int busiestCheckout, Instant oldest) {}

    /** Whether a poll fits in polling's share of the minute, and in its part of that share for five seconds. */
    private boolean pollingFits(Window window) {
        long share = properties.usable() - checkoutDemand(window);
        long pace = Math.max(1, (share + SPANS_A_MINUTE - 1) / SPANS_A_MINUTE);
        return window.polling() < share && window.recentPolling() < pace;
    }

    /** What checkout may need in the coming minute, with a quarter for growth. */
    private long checkoutDemand(Window window) {
        long busiestRate = window.busiestCheckout() * SPANS_A_MINUTE;
        long demand = Math.max(properties.checkoutReserve(), Math.max(window.checkout(), busiestRate));
        return demand + (demand + 3) / 4;
    }

    /** The credential's row, locked for this transaction, with the database's time. */
    private Standing lock() {
        Standing standing = jdbc.sql("""
                        SELECT blocked_until, strikes, clock_timestamp() AS now
                          FROM provider_quota.credentials
                         WHERE credential = :credential
                           FOR UPDATE
                        """)
                .param("credential", credential)
                .query((rs, row) -> new Standing(
                        blockedUntil(rs.getTimestamp("blocked_until")),
                        rs.getInt("strikes"),
                        rs.getTimestamp("now").toInstant()))
                .single();
        strikesSeen = standing.strikes() > 0;
        return standing;
    }

    /** Creates the credential's row the first time, committed before any transaction locks it. */
    private void ensureRow() {
        if (rowExists) {
            return;
        }
        transactions.executeWithoutResult(tx -> jdbc.sql(
                        "INSERT INTO provider_quota.credentials (credential) VALUES (:credential) ON CONFLICT DO NOTHING")
                .param("credential", credential)
                .update());
        rowExists = true;
    }

    private static Instant blockedUntil(Timestamp value) {
        return value == null ? Instant.EPOCH : value.toInstant();
    }

    private void cleanUp() {
        try {
            jdbc.sql(
                            "DELETE FROM provider_quota.calls WHERE credential = :credential AND second < clock_timestamp() - :kept::interval")
                    .param("credential", credential)
                    .param("kept", KEPT.toSeconds() + " seconds")
                    .update();
        } catch (RuntimeException e) {
            log.debug("Could not delete old quota counts: {}", e.toString());
        }
    }
}
