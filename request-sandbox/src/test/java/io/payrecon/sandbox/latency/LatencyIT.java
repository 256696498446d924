package io.payrecon.sandbox.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.sandbox.RunningSandbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The provider API answers after a network round trip's time, once the credential is checked: here a context of its
 * own with fixed latencies (create 1.5 s, reads 0.7 s) to measure against; the shared context has latency 0.
 */
@TestPropertySource(
        properties = {
            "sandbox.latency.create.median=1500ms",
            "sandbox.latency.create.p99=1500ms",
            "sandbox.latency.read.median=700ms",
            "sandbox.latency.read.p99=700ms"
        })
class LatencyIT extends RunningSandbox {

    private static final String ONE_ITEM = "{\"requests\":[{\"amount\":\"1\"}]}";

    @Test
    void aCreateWaitsItsLatencyAndAReadItsOwn() {
        Timed<HttpResponse<String>> create = time(() -> post("/v2/secure-payments", ONE_ITEM, "x-api-key", API_KEY));
        String requestId = json(create.result()).get("requestIds").get(0).asString();
        Timed<HttpResponse<String>> read = time(() -> get("/v2/request/" + requestId, "x-api-key", API_KEY));

        assertThat(create.result().statusCode()).isEqualTo(201);
        assertThat(create.took()).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(read.result().statusCode()).isEqualTo(200);
        assertThat(read.took()).isBetween(Duration.ofMillis(700), Duration.ofMillis(1499));
    }

    /** A refusal at the provider's edge (401, 429) comes before the latency: it is quick. */
    @Test
    void aRefusedCallDoesNotWait() {
        Timed<HttpResponse<String>> refused = time(() -> post("/v2/secure-payments", ONE_ITEM));

        assertThat(refused.result().statusCode()).isEqualTo(401);
        assertThat(refused.took()).isLessThan(Duration.ofMillis(700));
    }

    @Test
    void theSamplerHitsItsMedianAndP99() {
        LogNormal latency = new LogNormal(Duration.ofMillis(250), Duration.ofMillis(1200));
        Random random = new Random(7);

        long[] micros = new long[200_000];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = latency.sample(random).toNanos() / 1_000;
        }
        Arrays.sort(micros);

        assertThat(micros[micros.length / 2]).isBetween(240_000L, 260_000L);
        assertThat(micros[micros.length * 99 / 100]).isBetween(1_140_000L, 1_260_000L);
        assertThat(micros[micros.length - 1]).as("cut at 4 x p99").isLessThanOrEqualTo(4_800_000L);
    }

    @Test
    void aZeroMedianNeverWaitsAndAP99EqualToTheMedianAlwaysWaitsIt() {
        Random random = new Random(7);

        assertThat(new LogNormal(Duration.ZERO, Duration.ZERO).sample(random)).isZero();
        assertThat(new LogNormal(Duration.ofMillis(300), Duration.ofMillis(300)).sample(random))
                .isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> new LogNormal(Duration.ofMillis(300), Duration.ofMillis(200)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private record Timed<T>(T result, Duration took) {}

    private static <T> Timed<T> time(Supplier<T> call) {
        long started = System.nanoTime();
        T result = call.get();
        return new Timed<>(result, Duration.ofNanos(System.nanoTime() - started));
    }
}
