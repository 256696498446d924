package io.payrecon.providerquota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payrecon.devstack.DevStack;
import io.payrecon.requestclient.ProviderException;
import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestNetworkProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The quota against a real PostgreSQL: several {@link ProviderQuota} instances on one credential stand for several
 * apps and instances sharing it (request-network-api.md §1: 300 requests/min per credential by default, 429 over it).
 */
class ProviderQuotaIT {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void database() {
        DevStack stack = DevStack.shared();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(stack.jdbcUrl());
        dataSource.setUsername(stack.databaseUser());
        dataSource.setPassword(stack.databasePassword());
        dataSource.setMaximumPoolSize(8);
        QuotaSchema.migrate(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    /**
     * Tier 100/min, 10 % headroom: 90 usable, 98 in all at most; polling leaves at least 20 for checkout, and a quarter
     * more.
     */
    private static ProviderQuotaProperties tier100(Duration backoff) {
        return new ProviderQuotaProperties(100, 10, 20, backoff);
    }

    private static ProviderQuota quota(String credential, ProviderQuotaProperties properties) {
        TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new ProviderQuota(
                credential, properties, JdbcClient.create(dataSource), transactions, new SimpleMeterRegistry());
    }

    private static String newCredential() {
        return "key-" + UUID.randomUUID();
    }

    private static int takeUntilRefused(ProviderQuota quota, ProviderQuota.Use use) {
        int taken = 0;
        while (true) {
            try {
                quota.take(use);
                taken++;
            } catch (QuotaExhausted e) {
                return taken;
            }
            assertThat(taken).as("never more than the tier").isLessThanOrEqualTo(100);
        }
    }

    @Test
    void checkoutMayUseTheTierLessItsHeadroomThenWaitsForTheMinuteToRollOn() {
        ProviderQuota quota = quota(newCredential(), tier100(Duration.ofSeconds(30)));

        assertThat(takeUntilRefused(quota, ProviderQuota.Use.CHECKOUT)).isEqualTo(90);

        QuotaExhausted refused =
                catchThrowableOfType(QuotaExhausted.class, () -> quota.take(ProviderQuota.Use.CHECKOUT));
        assertThat(refused.blocked()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        assertThat(quota.usage().checkout()).isEqualTo(90);
    }

    /**
     * Counts {@code checkout} and {@code polling} calls in each second from {@code from} to {@code to} seconds ago, as
     * if they had been taken then.
     */
    private static void countedBefore(ProviderQuota quota, int from, int to, int checkout, int polling) {
        quota.usage(); // the credential's row
        JdbcClient.create(dataSource)
                .sql("""
                        INSERT INTO provider_quota.calls (credential, second, checkout, polling)
                        SELECT :credential, date_trunc('second', clock_timestamp()) - make_interval(secs => ago),
                               :checkout, :polling
                          FROM generate_series(:to, :from) AS ago
                        ON CONFLICT (credential, second) DO UPDATE
                           SET checkout = calls.checkout + excluded.checkout, polling = calls.polling + excluded.polling
                        """)
                .param("credential", quota.credential())
                .param("from", from)
                .param("to", to)
                .param("checkout", checkout)
                .param("polling", polling)
                .update();
    }

    @Test
    void idlePollingTakesItsShareEvenlyATwelfthInFiveSeconds() {
        ProviderQuota quota = quota(newCredential(), tier100(Duration.ofSeconds(30)));

        // 90 usable, checkout's demand is its reserve of 20 plus a quarter: polling's share is 65, 6 in five seconds
        assertThat(takeUntilRefused(quota, ProviderQuota.Use.POLLING)).isEqualTo(6);
        assertThat(catchThrowableOfType(QuotaExhausted.class, () -> quota.take(ProviderQuota.Use.POLLING))
                        .retryAfter())
                .as("polling looks again within seconds: what checkout leaves changes as the minute rolls on")
                .isBetween(Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    @Test
    void idlePollingLeavesTheCheckoutReserveAndAQuarterFreeAndCheckoutStillGetsIt() {
        ProviderQuota quota = quota(newCredential(), tier100(Duration.ofSeconds(30)));
        countedBefore(quota, 50, 21, 0, 2); // 60 polls in the last minute, none in the last five seconds

        assertThat(takeUntilRefused(quota, ProviderQuota.Use.POLLING)).isEqualTo(5);
        assertThat(takeUntilRefused(quota, ProviderQuota.Use.CHECKOUT))
                .as("the 25 polling left, and the 8 of the headroom up to the ceiling of 98")
                .isEqualTo(33);
    }

    @Test
    void whileCheckoutRunsAtTheTiersRatePollingWaits() {
        ProviderQuota quota = quota(newCredential(), tier100(Duration.ofSeconds(30)));
        for (int i = 0; i < 30; i++) {
            quota.take(ProviderQuota.Use.CHECKOUT);
        }

        // 30 within a few seconds is at least 180 a minute: with a quarter more, more than the tier, so polling waits
        assertThat(takeUntilRefused(quota, ProviderQuota.Use.POLLING)).isZero();
        assertThat(takeUntilRefused(quota, ProviderQuota.Use.CHECKOUT)).isEqualTo(60);
    }

    @Test
    void pollingLeavesWhatCheckoutNeededInItsBusiestFiveSecondsOfTheLastMinute() {
        ProviderQuota quota = quota(newCredential(), tier100(Duration.ofSeconds(30)));
        // one checkout call a second from 50 to 21 seconds ago: 30 in the last minute, at most 5 in any five seconds
        countedBefore(quota, 50, 21, 1, 0);
        countedBefore(quota, 40, 40, 0, 13);

        // checkout's demand is its busiest rate, 5 per five seconds = 60 a minute, plus a quarter: 75; polling's share
        // is 15, of which it took 13 and may take 2 in five seconds
        assertThat(takeUntilRefused(quota, ProviderQuota.Use.POLLING)).isEqualTo(2);
        assertThat(takeUntilRefused(quota, ProviderQuota.Use.CHECKOUT))
                .as("up to the ceiling of 98 with polling's 15")
                .isEqualTo(98 - 30 - 15);
    }

    @Test
    void placesPollingTookThatCheckoutTurnsOutToNeedComeFromTheHeadroomNeverPastTheCeiling() {
        ProviderQuota quota = quota(newCredential(), tier100(Duration.ofSeconds(30)));
        // polling took 8 places while checkout was idle; then checkout runs at the tier's rate
        countedBefore(quota, 30, 30, 0, 8);

        assertThat(takeUntilRefused(quota, ProviderQuota.Use.CHECKOUT))
                .as("checkout still gets its whole usable count: 90 + 8 = the ceiling of 98")
                .isEqualTo(90);
        assertThat(takeUntilRefused(quota, ProviderQuota.Use.POLLING)).isZero();

        ProviderQuota greedy = quota(newCredential(), tier100(Duration.ofSeconds(30)));
        countedBefore(greedy, 30, 30, 0, 20);
        assertThat(takeUntilRefused(greedy, ProviderQuota.Use.CHECKOUT))
                .as("never more than 98 in all: polling's 20 leave checkout 78")
                .isEqualTo(78);
    }

    @Test
    void aPauseInCheckoutDoesNotOpenTheMinuteToPolling() {
        ProviderQuota quota = quota(newCredential(), tier100(Duration.ofSeconds(30)));
        // 40 checkout calls within one second 30 s ago, none since: checkout ran at 480 a minute
        countedBefore(quota, 30, 30, 40, 0);

        assertThat(takeUntilRefused(quota, ProviderQuota.Use.POLLING)).isZero();
        assertThat(takeUntilRefused(quota, ProviderQuota.Use.CHECKOUT)).isEqualTo(50);
    }

    @Test
    void instancesSharingACredentialShareOneCountAndOthersHaveTheirOwn() throws Exception {
        String credential = newCredential();
        List<ProviderQuota> instances = List.of(
                quota(credential, tier100(Duration.ofSeconds(30))),
                quota(credential, tier100(Duration.ofSeconds(30))),
                quota(credential, tier100(Duration.ofSeconds(30))));
        AtomicInteger taken = new AtomicInteger();
        List<Callable<Void>> callers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ProviderQuota instance = instances.get(i % instances.size());
            callers.add(() -> {
                for (int call = 0; call < 40; call++) {
                    try {
                        instance.take(ProviderQuota.Use.CHECKOUT);
                        taken.incrementAndGet();
                    } catch (QuotaExhausted e) {
                        // the count is used: this caller's call is not made
                    }
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Void> done : pool.invokeAll(callers)) {
                done.get();
            }
        }

        assertThat(taken).hasValue(90);
        assertThat(takeUntilRefused(
                        quota(newCredential(), tier100(Duration.ofSeconds(30))), ProviderQuota.Use.CHECKOUT))
                .as("another credential")
                .isEqualTo(90);
    }

    @Test
    void aRateLimitFromTheProviderBlocksEveryInstanceAndTheBackoffDoublesUntilACallIsAnswered() throws Exception {
        String credential = newCredential();
        ProviderQuota one = quota(credential, tier100(Duration.ofSeconds(1)));
        ProviderQuota other = quota(credential, tier100(Duration.ofSeconds(1)));
        AtomicInteger answer = new AtomicInteger(429);
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger received = new AtomicInteger();
        provider.createContext("/", exchange -> {
            received.incrementAndGet();
            byte[] body = (answer.get() == 429
                            ? "{\"statusCode\":429,\"message\":\"ThrottlerException: Too Many Requests\"}"
                            : "{\"requestId\":\"r1\",\"hasBeenPaid\":false}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        try {
            RequestNetworkClient client = new RequestNetworkClient(new RequestNetworkProperties(
                    URI.create("http://127.0.0.1:" + provider.getAddress().getPort()),
                    credential,
                    null,
                    null,
                    Duration.ofSeconds(2)));

            QuotaExhausted first = catchThrowableOfType(
                    QuotaExhausted.class, () -> one.call(ProviderQuota.Use.POLLING, () -> client.findRequest("r1")));
            assertThat(first.blocked()).isTrue();
            assertThat(first.getCause()).isInstanceOf(ProviderException.class);
            assertThat(first.retryAfter()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));

            QuotaExhausted held = catchThrowableOfType(
                    QuotaExhausted.class, () -> other.call(ProviderQuota.Use.CHECKOUT, () -> client.findRequest("r1")));
            assertThat(held.blocked())
                    .as("the other instance backs off too, without calling")
                    .isTrue();
            assertThat(received).hasValue(1);

            Thread.sleep(1_100);
            QuotaExhausted second = catchThrowableOfType(
                    QuotaExhausted.class, () -> other.call(ProviderQuota.Use.CHECKOUT, () -> client.findRequest("r1")));
            assertThat(second.retryAfter()).as("doubled").isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(2));

            Thread.sleep(2_100);
            answer.set(200);
            assertThat(one.call(ProviderQuota.Use.POLLING, () -> client.findRequest("r1")))
                    .isPresent();
            assertThat(one.usage().blockedUntil()).isNull();

            answer.set(429);
            assertThat(catchThrowableOfType(
                                    QuotaExhausted.class,
                                    () -> other.call(ProviderQuota.Use.CHECKOUT, () -> client.findRequest("r1")))
                            .retryAfter())
                    .as("an answered call ended the streak: the backoff starts again from its first pause")
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void otherProviderFailuresPassThroughAndDoNotBlock() throws Exception {
        ProviderQuota quota = quota(newCredential(), tier100(Duration.ofSeconds(30)));
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        provider.start();
        try {
            RequestNetworkClient client = new RequestNetworkClient(new RequestNetworkProperties(
                    URI.create("http://127.0.0.1:" + provider.getAddress().getPort()),
                    "key",
                    null,
                    null,
                    Duration.ofSeconds(2)));

            assertThatThrownBy(() -> quota.call(ProviderQuota.Use.CHECKOUT, () -> client.findRequest("r1")))
                    .isInstanceOf(ProviderException.class);
            assertThat(quota.usage().blockedUntil()).isNull();
            assertThat(quota.usage().checkout()).isEqualTo(1);
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void theCredentialIsStoredAsAHashNeverItsValue() {
        String credential = newCredential();
        quota(credential, tier100(Duration.ofSeconds(30))).take(ProviderQuota.Use.CHECKOUT);

        List<String> stored = JdbcClient.create(dataSource)
                .sql("SELECT credential FROM provider_quota.credentials")
                .query(String.class)
                .list();
        assertThat(stored).contains(ProviderQuota.nameOf(credential)).noneMatch(name -> name.contains(credential));
        assertThat(ProviderQuota.nameOf(credential)).matches("sha256:[0-9a-f]{16}");
    }
}
