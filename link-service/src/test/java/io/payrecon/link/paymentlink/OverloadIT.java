package io.payrecon.link.paymentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.payrecon.link.FakeProvider;
import io.payrecon.link.RunningLinkService;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A slow provider must not take the service: at most {@code links.provider-concurrency} requests wait on it (holding
 * no database connection); the rest are answered 503 with nothing stored. Should the pool run out anyway, requests are
 * answered 503 too, not 500.
 */
class OverloadIT extends RunningLinkService {

    private static final int MORE_REQUESTS = 10;

    @Autowired
    DataSource dataSource;

    /**
     * Provider calls for as many orders as allowed are held at the provider; ten more creates are answered 503
     * without reaching the provider and leave nothing stored, while reads and payers of payable links are served as
     * usual.
     */
    @Test
    void callsBeyondTheProviderConcurrencyAreAnsweredServiceUnavailableAndTheDatabaseStaysAvailable() throws Exception {
        String existing = newOrderId();
        String existingUrl = create(existing, "1.00").path("securePaymentUrl").asString();
        List<String> slow = IntStream.range(0, PROVIDER_CONCURRENCY)
                .mapToObj(i -> newOrderId())
                .toList();
        List<String> more =
                IntStream.range(0, MORE_REQUESTS).mapToObj(i -> newOrderId()).toList();
        List<FakeProvider.Hold> holds = slow.stream().map(PROVIDER::hold).toList();
        ExecutorService clients = Executors.newFixedThreadPool(slow.size() + more.size());
        try {
            List<Future<HttpResponse<String>>> slowCreates = slow.stream()
                    .map(orderId -> clients.submit(() -> createRequest(orderId)))
                    .toList();
            await().atMost(EVENTUALLY)
                    .until(() -> slow.stream()
                            .allMatch(orderId -> PROVIDER.createsFor(orderId).size() == 1));

            List<Future<HttpResponse<String>>> moreCreates = more.stream()
                    .map(orderId -> clients.submit(() -> createRequest(orderId)))
                    .toList();
            List<HttpResponse<String>> shed = new ArrayList<>();
            for (Future<HttpResponse<String>> create : moreCreates) {
                shed.add(create.get());
            }
            HttpResponse<String> read = get("/api/payment-links/" + existing, API_KEY);
            HttpResponse<String> payer = pay(existing, null);
            holds.forEach(FakeProvider.Hold::release);
            List<Integer> slowStatuses = new ArrayList<>();
            for (Future<HttpResponse<String>> create : slowCreates) {
                slowStatuses.add(create.get().statusCode());
            }

            for (HttpResponse<String> answer : shed) {
                assertProblem(answer, 503);
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(JSON.readTree(answer.body()).path("detail").asString())
                        .contains("links.provider-concurrency");
            }
            assertThat(more).allSatisfy(orderId -> {
                assertThat(PROVIDER.createsFor(orderId)).isEmpty();
                assertProblem(get("/api/payment-links/" + orderId, API_KEY), 404);
            });
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(payer.statusCode()).isEqualTo(302);
            assertThat(payer.headers().firstValue("Location")).hasValue(existingUrl);
            assertThat(slowStatuses).containsOnly(201);
        } finally {
            holds.forEach(FakeProvider.Hold::release);
            clients.shutdownNow();
        }
    }

    @Test
    void exhaustedConnectionPoolIsServiceUnavailableNotAnInternalError() throws Exception {
        String orderId = newOrderId();
        create(orderId, "1.00");
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        List<Connection> taken = new ArrayList<>();
        HttpResponse<String> read;
        HttpResponse<String> payer;
        try {
            while (taken.size() < pool.getMaximumPoolSize()) {
                taken.add(pool.getConnection());
            }
            read = get("/api/payment-links/" + orderId, API_KEY);
            payer = pay(orderId, null);
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }

        for (HttpResponse<String> answer : List.of(read, payer)) {
            assertProblem(answer, 503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.path("title").asString()).isEqualTo("Storage unavailable");
        }
        assertThat(get("/api/payment-links/" + orderId, API_KEY).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> createRequest(String orderId) {
        return post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"1\"}");
    }
}
