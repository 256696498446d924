package io.payrecon.sandbox.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.sandbox.SandboxIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The provider's rate limit per credential (and caller IP): over it, 429 and no {@code Retry-After}. */
class RateLimitTest extends SandboxIntegrationTest {

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

    @Test
    void theLimitCountsPerMinuteWindow() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        RateLimiter limiter = new RateLimiter(now::get);

        assertThat(limiter.admit("shop", "10.0.0.1", 2)).isTrue();
        assertThat(limiter.admit("shop", "10.0.0.1", 2)).isTrue();
        assertThat(limiter.admit("shop", "10.0.0.1", 2)).isFalse();
        assertThat(limiter.admit("shop", "10.0.0.2", 2)).as("another IP").isTrue();
        now.addAndGet(60_000_000_000L);
        assertThat(limiter.admit("shop", "10.0.0.1", 2)).as("next minute").isTrue();
    }
}
