package io.payrecon.sandbox.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.sandbox.RunningSandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The provider's rate limit per credential and caller IP (request-network-api.md §1): over it, 429 and no
 * {@code Retry-After}; "a sustained breach blocks that Client ID + IP for 5 minutes" (here: refusals within a minute
 * reaching 10 % of the limit; the shared test configuration blocks for 2 s instead of 5 minutes).
 */
class RateLimitIT extends RunningSandbox {

    private static final long SECOND = 1_000_000_000L;

    @BeforeEach
    void noCountsAndNoBlocks() {
        assertThat(delete("/sandbox/rate-limits").statusCode()).isEqualTo(204);
    }

    @Test
    void aCredentialOverItsLimitGetsTooManyRequestsWhileOthersGoOn() {
        List<HttpResponse<String>> calls = IntStream.range(0, 4)
                .mapToObj(i -> get("/v2/request/01abc", "x-api-key", THROTTLED_API_KEY))
                .toList();

        assertThat(calls).extracting(HttpResponse::statusCode).containsExactly(404, 404, 404, 429);
        HttpResponse<String> throttled = calls.get(3);
        assertThat(json(throttled).get("statusCode").asInt()).isEqualTo(429);
        assertThat(json(throttled).get("message").asString()).isEqualTo("ThrottlerException: Too Many Requests");
        assertThat(throttled.headers().firstValue("retry-after")).isEmpty();
        assertThat(get("/v2/request/01abc", "x-api-key", API_KEY).statusCode()).isEqualTo(404);
    }

    /**
     * 20/min, so 2 refusals within a minute are a sustained breach: the first refusal is a plain 429, the second
     * blocks, visibly in {@code /sandbox/rate-limits}, for the configured duration; the block lifts by itself, and then
     * refusals count from zero again.
     */
    @Test
    void aSustainedBreachBlocksTheCredentialAndIpForTheConfiguredDuration() {
        List<Integer> statuses = IntStream.range(0, 21)
                .mapToObj(i ->
                        get("/v2/request/01abc", "x-api-key", BREACHING_API_KEY).statusCode())
                .toList();
        JsonNode refusedOnce = breaching();
        Instant before = Instant.now();
        HttpResponse<String> blocking = get("/v2/request/01abc", "x-api-key", BREACHING_API_KEY);
        JsonNode blocked = breaching();
        HttpResponse<String> whileBlocked = get("/v2/request/01abc", "x-api-key", BREACHING_API_KEY);

        assertThat(statuses.subList(0, 20)).containsOnly(404);
        assertThat(statuses.get(20)).isEqualTo(429);
        assertThat(refusedOnce.get("used").asInt()).isEqualTo(20);
        assertThat(refusedOnce.get("refused").asInt()).isEqualTo(1);
        assertThat(refusedOnce.get("refusalsToBlock").asInt()).isEqualTo(2);
        assertThat(refusedOnce.get("blockedUntil").isNull()).isTrue();
        assertThat(blocking.statusCode()).isEqualTo(429);
        assertThat(whileBlocked.statusCode()).isEqualTo(429);
        assertThat(whileBlocked.body())
                .isEqualTo(blocking.body())
                .isEqualTo(json(blocking).toString());
        assertThat(whileBlocked.headers().firstValue("retry-after")).isEmpty();
        assertThat(blocked.get("blocks").asInt()).isEqualTo(1);
        assertThat(Instant.parse(blocked.get("blockedUntil").asString()))
                .isBetween(before.plusMillis(1500), Instant.now().plusMillis(2500));
        assertThat(json(get("/sandbox/rate-limits")).get("blockDuration").asString())
                .isEqualTo("PT2S");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> breaching().get("blockedUntil").isNull());
        assertThat(get("/v2/request/01abc", "x-api-key", BREACHING_API_KEY).statusCode())
                .as("the minute's 20 are used: refused, not blocked")
                .isEqualTo(429);
        assertThat(breaching().get("refused").asInt()).isEqualTo(1);
        assertThat(breaching().get("blockedUntil").isNull()).isTrue();
    }

    /** The block is per credential + IP: the same credential from another address of this machine goes on. */
    @Test
    void aBlockHoldsOnlyTheCredentialFromThatIp() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        Assumptions.assumeTrue(canConnectFrom(other), "127.0.0.2 is not a loopback address here");
        IntStream.range(0, 22).forEach(i -> get("/v2/request/01abc", "x-api-key", BREACHING_API_KEY));
        assertThat(breaching().get("blockedUntil").isNull()).isFalse();

        HttpClient fromOther = HttpClient.newBuilder().localAddress(other).build();
        HttpResponse<String> response = fromOther.send(
                HttpRequest.newBuilder(uri("/v2/request/01abc"))
                        .header("x-api-key", BREACHING_API_KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void noSpanOfSixtySecondsAdmitsMoreThanTheLimitNotEvenAcrossAMinutesEdge() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(now::get, 0.1, Duration.ZERO);

        now.set(59 * SECOND + SECOND / 2);
        assertThat(admitted(limiter, "shop", "10.0.0.1", 3, 3)).isEqualTo(3);
        now.set(60 * SECOND + SECOND / 2);
        assertThat(limiter.admit("shop", "10.0.0.1", 3))
                .as("a fixed window would start afresh here")
                .isEqualTo(RateLimiter.Verdict.REFUSED);
        assertThat(limiter.admit("shop", "10.0.0.2", 3)).as("another IP").isEqualTo(RateLimiter.Verdict.ADMITTED);
        assertThat(limiter.admit("other", "10.0.0.1", 3))
                .as("another credential")
                .isEqualTo(RateLimiter.Verdict.ADMITTED);
        now.set(120 * SECOND);
        assertThat(limiter.admit("shop", "10.0.0.1", 3)).isEqualTo(RateLimiter.Verdict.ADMITTED);
    }

    @Test
    void randomTrafficNeverGetsMoreThanTheLimitThroughInAnySixtySeconds() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(now::get, 0.1, Duration.ZERO);
        Random random = new Random(42);
        List<Long> admittedAt = new ArrayList<>();

        for (int i = 0; i < 20_000; i++) {
            now.addAndGet((long) (random.nextDouble() * 0.4 * SECOND));
            if (limiter.admit("shop", "10.0.0.1", 300) == RateLimiter.Verdict.ADMITTED) {
                admittedAt.add(now.get());
            }
        }

        for (int i = 300; i < admittedAt.size(); i++) {
            assertThat(admittedAt.get(i) - admittedAt.get(i - 300))
                    .as("the 301st admission after admission %d", i - 300)
                    .isGreaterThanOrEqualTo(60 * SECOND);
        }
        assertThat(admittedAt.size()).as("yet the limit is used").isGreaterThan(20_000 * 300 / 1500);
    }

    @Test
    void refusalsReachingTenPercentOfTheLimitBlockForTheDurationThenItLifts() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(now::get, 0.1, Duration.ofMinutes(5));

        assertThat(admitted(limiter, "shop", "10.0.0.1", 300, 300)).isEqualTo(300);
        List<RateLimiter.Verdict> refusals = IntStream.range(0, 30)
                .mapToObj(i -> limiter.admit("shop", "10.0.0.1", 300))
                .toList();
        assertThat(refusals.subList(0, 29)).containsOnly(RateLimiter.Verdict.REFUSED);
        assertThat(refusals.get(29)).as("the 30th: sustained").isEqualTo(RateLimiter.Verdict.BLOCKED_NOW);

        now.set(61 * SECOND);
        assertThat(limiter.admit("shop", "10.0.0.1", 300))
                .as("the minute is over, the block is not")
                .isEqualTo(RateLimiter.Verdict.BLOCKED);
        assertThat(limiter.admit("shop", "10.0.0.2", 300)).isEqualTo(RateLimiter.Verdict.ADMITTED);
        assertThat(limiter.usage())
                .filteredOn(usage -> usage.ip().equals("10.0.0.1"))
                .singleElement()
                .satisfies(usage -> {
                    assertThat(usage.blockedUntil()).isNotNull();
                    assertThat(usage.blocks()).isEqualTo(1);
                    assertThat(usage.refusalsToBlock()).isEqualTo(30);
                });
        now.set(5 * 60 * SECOND - 1);
        assertThat(limiter.admit("shop", "10.0.0.1", 300)).isEqualTo(RateLimiter.Verdict.BLOCKED);
        now.set(5 * 60 * SECOND);
        assertThat(limiter.admit("shop", "10.0.0.1", 300)).isEqualTo(RateLimiter.Verdict.ADMITTED);
    }

    @Test
    void aFewRefusalsAreNotASustainedBreach() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(now::get, 0.1, Duration.ofMinutes(5));
        admitted(limiter, "shop", "10.0.0.1", 300, 300);

        assertThat(IntStream.range(0, 29).mapToObj(i -> limiter.admit("shop", "10.0.0.1", 300)))
                .containsOnly(RateLimiter.Verdict.REFUSED);
        now.set(61 * SECOND);
        assertThat(limiter.admit("shop", "10.0.0.1", 300))
                .as("those refusals are a minute old")
                .isEqualTo(RateLimiter.Verdict.ADMITTED);
    }

    private static int admitted(RateLimiter limiter, String credential, String ip, int perMinute, int calls) {
        return (int) IntStream.range(0, calls)
                .mapToObj(i -> limiter.admit(credential, ip, perMinute))
                .filter(verdict -> verdict == RateLimiter.Verdict.ADMITTED)
                .count();
    }

    private JsonNode breaching() {
        return json(get("/sandbox/rate-limits"))
                .get("rateLimits")
                .valueStream()
                .filter(usage -> usage.get("credential").asString().equals("breaching"))
                .filter(usage -> usage.get("ip").asString().equals("127.0.0.1"))
                .findFirst()
                .orElseThrow();
    }

    private boolean canConnectFrom(InetAddress local) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
