package io.payrecon.link.paymentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.Topics;
import io.payrecon.link.FakeProvider;
import io.payrecon.link.RunningLinkService;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Part 1-4 of issue 4: creating, validating, storing and reading links, idempotent per order. */
class PaymentLinkIT extends RunningLinkService {

    @Autowired
    OrderClaims claims;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void createStoresTheLinkAndPublishesPaymentLinkCreated() {
        String orderId = newOrderId();
        Instant before = clock().instant().minusSeconds(1);

        HttpResponse<String> response = post(API_KEY, """
                {"orderId": "%s", "amount": "10.50", "payee": "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7",
                 "invoiceCurrency": "USDC", "paymentCurrency": "USDC-sepolia", "payerIdentifier": "payer@example.com",
                 "redirectUrl": "https://shop.example.com/thanks", "redirectLabel": "Back to the shop",
                 "metadata": {"cart": "42"}}
                """.formatted(orderId));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/payment-links/" + orderId);
        JsonNode body = JSON.readTree(response.body());
        String token = body.path("token").asString();
        assertThat(body.path("orderId").asString()).isEqualTo(orderId);
        assertThat(body.path("securePaymentUrl").asString()).isEqualTo("https://pay.request.network/?token=" + token);
        assertThat(body.path("payUrl").asString()).isEqualTo("https://links.example.com/pay/" + orderId);
        assertThat(body.path("requestIds")).hasSize(1);
        assertThat(body.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(body.path("amount").asString()).isEqualTo("10.50");
        Instant createdAt = Instant.parse(body.path("createdAt").asString());
        assertThat(createdAt).isAfter(before);
        assertThat(Instant.parse(body.path("expiresAt").asString())).isEqualTo(createdAt.plus(Duration.ofDays(7)));

        FakeProvider.Call call = PROVIDER.createsFor(orderId).get(0);
        assertThat(call.headers()).containsEntry("x-api-key", FakeProvider.API_KEY);
        assertThat(call.body().path("requests").get(0).path("amount").asString())
                .isEqualTo("10.50");
        assertThat(call.body().path("requests").get(0).propertyNames())
                .as("only the fields of the provider's OpenAPI file")
                .containsExactlyInAnyOrder("amount", "destinationId");
        assertThat(call.body().path("requests").get(0).path("destinationId").asString())
                .isEqualTo(DESTINATION_ID);
        assertThat(call.body().path("payerIdentifier").asString()).isEqualTo("payer@example.com");
        assertThat(call.body().path("redirectUrl").asString()).isEqualTo("https://shop.example.com/thanks");
        assertThat(call.body().path("redirectLabel").asString()).isEqualTo("Back to the shop");

        Map<String, Object> row =
                jdbc.sql("""
                        SELECT l.token, l.secure_payment_url, array_to_string(l.request_ids, ',') AS request_ids,
                               l.amount, l.fee_plan::text AS fee_plan, l.status, o.reference, o.payee,
                               o.invoice_currency, o.payment_currency, o.payer_identifier, o.redirect_url,
                               o.redirect_label, o.metadata::text AS metadata,
                               l.expires_at - l.created_at AS validity
                        FROM payment_link l JOIN payment_order o USING (order_id)
                        WHERE l.order_id = :orderId
                        """).param("orderId", orderId).query().singleRow();
        assertThat(row)
                .containsEntry("token", token)
                .containsEntry(
                        "secure_payment_url", body.path("securePaymentUrl").asString())
                .containsEntry("request_ids", body.path("requestIds").get(0).asString())
                .containsEntry("amount", new BigDecimal("10.50"))
                .containsEntry("status", "ACTIVE")
                .containsEntry("reference", orderId)
                .containsEntry("payee", "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7")
                .containsEntry("invoice_currency", "USDC")
                .containsEntry("payment_currency", "USDC")
                .containsEntry("payer_identifier", "payer@example.com")
                .containsEntry("redirect_url", "https://shop.example.com/thanks")
                .containsEntry("redirect_label", "Back to the shop");
        assertThat(row.get("fee_plan").toString()).contains("feePercentage");
        assertThat(row.get("metadata").toString()).contains("\"cart\": \"42\"");

        List<LinkEvent> events = publishedLinkEvents(orderId);
        assertThat(events).hasSize(1);
        PaymentLinkCreated event = (PaymentLinkCreated) events.get(0);
        assertThat(event.orderId()).isEqualTo(orderId);
        assertThat(event.token()).isEqualTo(token);
        assertThat(event.requestIds())
                .containsExactly(body.path("requestIds").get(0).asString());
        assertThat(event.amount()).isEqualTo(new BigDecimal("10.50"));
        assertThat(event.currency()).isEqualTo("USDC");
        assertThat(event.reference()).isEqualTo(orderId);
        assertThat(event.securePaymentUrl())
                .isEqualTo(body.path("securePaymentUrl").asString());
        assertThat(event.createdAt()).isEqualTo(createdAt);
        assertThat(event.expiresAt()).isEqualTo(createdAt.plus(Duration.ofDays(7)));
        ConsumerRecord<String, byte[]> record = readToEnd(Topics.LINK_EVENTS).stream()
                .filter(candidate -> orderId.equals(candidate.key()))
                .findFirst()
                .orElseThrow();
        assertThat(header(record, "ce_source")).isEqualTo("/link-service");
        assertThat(header(record, "ce_id")).isEqualTo(event.eventId().toString());
        assertThat(header(record, "ce_type")).isEqualTo("payment-link.created");
    }

    @Test
    void createWithADestinationIdSendsItToTheProviderUnchanged() {
        String orderId = newOrderId();

        HttpResponse<String> response = post(API_KEY, """
                {"orderId": "%s", "amount": "5", "destinationId": "%s"}
                """.formatted(orderId, DESTINATION_ID));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode item =
                PROVIDER.createsFor(orderId).get(0).body().path("requests").get(0);
        assertThat(item.path("destinationId").asString()).isEqualTo(DESTINATION_ID);
        assertThat(item.has("payee")).isFalse();
        assertThat(jdbc.sql("SELECT destination_id FROM payment_order WHERE order_id = :orderId")
                        .param("orderId", orderId)
                        .query(String.class)
                        .single())
                .isEqualTo(DESTINATION_ID);
    }

    @Test
    void repeatedCreateAnswersTheExistingLinkWithoutCallingTheProviderAgain() {
        String orderId = newOrderId();
        String request = """
                {"orderId": "%s", "amount": "25"}
                """.formatted(orderId);

        HttpResponse<String> first = post(API_KEY, request);
        HttpResponse<String> second = post(API_KEY, """
                {"orderId": "%s", "amount": "25.00", "metadata": {"attempt": "2"}}
                """.formatted(orderId));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).path("token").asString())
                .isEqualTo(JSON.readTree(first.body()).path("token").asString());
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
    }

    /**
     * As many requests as {@code links.provider-concurrency} allows: the provider call of the first is held open until
     * the others are seen waiting for the order's claim, so all really overlap.
     */
    @Test
    void concurrentCreatesForOneOrderMakeOneProviderLink() throws Exception {
        String orderId = newOrderId();
        FakeProvider.Hold hold = PROVIDER.hold(orderId);
        ExecutorService clients = Executors.newFixedThreadPool(PROVIDER_CONCURRENCY);
        try {
            List<Future<HttpResponse<String>>> responses = IntStream.range(0, PROVIDER_CONCURRENCY)
                    .mapToObj(i -> clients.submit(
                            () -> post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"7.25\"}")))
                    .toList();

            await().atMost(EVENTUALLY).until(() -> PROVIDER.createsFor(orderId).size() == 1);
            await().atMost(EVENTUALLY).until(() -> claims.waitingFor(orderId) == PROVIDER_CONCURRENCY - 1);
            hold.release();

            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> response : responses) {
                answers.add(response.get());
            }
            assertThat(answers.stream().map(HttpResponse::statusCode).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder(201, 200, 200, 200);
            assertThat(answers.stream()
                            .map(answer ->
                                    JSON.readTree(answer.body()).path("token").asString())
                            .distinct())
                    .hasSize(1);
            assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
            assertThat(publishedLinkEvents(orderId)).hasSize(1);
        } finally {
            hold.release();
            clients.shutdownNow();
        }
    }

    /**
     * While the provider makes the link, the create holds no transaction, connection or row lock: the order is
     * already stored with its claim (committed), its row can be locked by anyone, and the pool has no connection out.
     * A second create with other terms is answered 409 at once, without waiting for the call.
     */
    @Test
    void providerCallHoldsNoDatabaseConnectionOrLock() throws Exception {
        String orderId = newOrderId();
        FakeProvider.Hold hold = PROVIDER.hold(orderId);
        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try {
            Future<HttpResponse<String>> create =
                    clients.submit(() -> post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"3.30\"}"));
            await().atMost(EVENTUALLY).until(() -> PROVIDER.createsFor(orderId).size() == 1);

            assertThat(jdbc.sql("SELECT link_claim IS NOT NULL FROM payment_order WHERE order_id = :orderId")
                            .param("orderId", orderId)
                            .query(Boolean.class)
                            .optional())
                    .as("the claim, committed before the provider call")
                    .hasValue(true);
            String locked = new TransactionTemplate(transactionManager)
                    .execute(status -> jdbc.sql(
                                    "SELECT order_id FROM payment_order WHERE order_id = :orderId FOR UPDATE NOWAIT")
                            .param("orderId", orderId)
                            .query(String.class)
                            .single());
            assertThat(locked)
                    .as("the order's row is not locked during the call")
                    .isEqualTo(orderId);
            await().atMost(EVENTUALLY).until(() -> pool.getActiveConnections() == 0);
            assertProblem(post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"9\"}"), 409);
            assertThat(create.isDone())
                    .as("create answered before the provider call ended")
                    .isFalse();

            hold.release();
            assertThat(create.get().statusCode()).isEqualTo(201);
            assertThat(jdbc.sql("SELECT link_claim IS NULL FROM payment_order WHERE order_id = :orderId")
                            .param("orderId", orderId)
                            .query(Boolean.class)
                            .single())
                    .as("the claim is cleared with the link stored")
                    .isTrue();
        } finally {
            hold.release();
            clients.shutdownNow();
        }
    }

    /**
     * A create that crashed between its claim and storing the link left the order claimed and linkless. Requests wait
     * while the claim's lease runs; once it has run out, the next one takes the claim over, calls the provider again
     * and stores the link (the crashed call's link, if the provider made one, is an orphan nobody is sent to).
     */
    @Test
    void claimLeftByACrashedCreateIsTakenOverOnceItsLeaseRunsOut() throws Exception {
        String orderId = newOrderId();
        Instant now = clock().instant();
        jdbc.sql("""
                        INSERT INTO payment_order (order_id, amount, reference, created_at, link_claim, link_claimed_until)
                        VALUES (:orderId, 6.60, :orderId, :now, gen_random_uuid(), :until)
                        """)
                .param("orderId", orderId)
                .param("now", java.sql.Timestamp.from(now))
                .param("until", java.sql.Timestamp.from(now.plusSeconds(10)))
                .update();
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try {
            Future<HttpResponse<String>> retry =
                    clients.submit(() -> post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"6.60\"}"));
            await().atMost(EVENTUALLY).until(() -> claims.waitingFor(orderId) == 1);
            assertThat(PROVIDER.createsFor(orderId)).as("while the lease runs").isEmpty();

            clock().advance(Duration.ofSeconds(11));

            HttpResponse<String> answer = retry.get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
            assertThat(publishedLinkEvents(orderId)).hasSize(1);
            assertThat(get("/api/payment-links/" + orderId, API_KEY).statusCode())
                    .isEqualTo(200);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void createWithAnotherAmountForAnExistingOrderIsAConflict() {
        String orderId = newOrderId();
        assertThat(post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"10\"}")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> response = post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"11\"}");

        assertProblem(response, 409);
        assertThat(JSON.readTree(response.body()).path("detail").asString())
                .contains(orderId)
                .contains("amount 11")
                .contains("10");
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
    }

    /**
     * Every link collects to the configured destination (the provider's OpenAPI file: the destination is resolved from
     * the credential), so an order naming another payee, destination or currency, or an amount finer than the token
     * allows (USDC: 6 decimals), is refused with the field and the reason before any provider call.
     */
    @Test
    void ordersForAnotherDestinationCurrencyOrPrecisionAreRefusedBeforeAnyProviderCall() {
        String otherDestination = DESTINATION_ID.replace("#5A1C0F3E:", "#2A969856:");
        Map<String, String> refused = Map.of(
                "destinationId",
                        "{\"orderId\": \"%s\", \"amount\": \"10\", \"destinationId\": \"" + otherDestination + "\"}",
                "payee", "{\"orderId\": \"%s\", \"amount\": \"10\", \"payee\": \"0xabc\"}",
                "invoiceCurrency", "{\"orderId\": \"%s\", \"amount\": \"10\", \"invoiceCurrency\": \"USD\"}",
                "paymentCurrency", "{\"orderId\": \"%s\", \"amount\": \"10\", \"paymentCurrency\": \"USDC-base\"}",
                "amount", "{\"orderId\": \"%s\", \"amount\": \"10.1234567\"}");
        refused.forEach((field, body) -> {
            String orderId = newOrderId();

            HttpResponse<String> response = post(API_KEY, body.formatted(orderId));

            assertProblem(response, 400);
            JsonNode errors = JSON.readTree(response.body()).path("errors");
            assertThat(errors.findValuesAsString("field")).as(body).containsExactly(field);
            assertThat(PROVIDER.createsFor(orderId)).isEmpty();
        });
        assertThat(JSON.readTree(post(API_KEY, refused.get("amount").formatted(newOrderId()))
                                .body())
                        .path("errors")
                        .findValuesAsString("message"))
                .containsExactly("has 7 decimals, but USDC has only 6: round it to at most 6 decimals");

        String matching = newOrderId();
        HttpResponse<String> accepted = post(API_KEY, """
                {"orderId": "%s", "amount": "10.123456", "payee": "0x6923831acf5c327260d7ac7c9dff5b1c3cb3c7d7",
                 "invoiceCurrency": "usdc", "paymentCurrency": "USDC-sepolia", "destinationId": "%s"}
                """.formatted(matching, DESTINATION_ID));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    }

    @Test
    void requestsWithoutAnAcceptedApiKeyAreUnauthorized() {
        String orderId = newOrderId();
        String request = "{\"orderId\": \"" + orderId + "\", \"amount\": \"10\"}";

        HttpResponse<String> missing = post(null, request);
        HttpResponse<String> wrong = post("not-the-key", request);
        HttpResponse<String> read = get("/api/payment-links/" + orderId, "not-the-key");

        assertProblem(missing, 401);
        assertThat(JSON.readTree(missing.body()).path("detail").asString()).contains("X-Api-Key");
        assertProblem(wrong, 401);
        assertProblem(read, 401);
        assertThat(PROVIDER.createsFor(orderId)).isEmpty();
    }

    @Test
    void invalidRequestListsEveryBadFieldAndWhy() {
        HttpResponse<String> response = post(API_KEY, """
                {"orderId": "no spaces allowed", "amount": "-3", "destinationId": "not-a-destination",
                 "payee": "0xabc", "redirectLabel": "Back", "reference": ""}
                """);

        assertProblem(response, 400);
        JsonNode errors = JSON.readTree(response.body()).path("errors");
        List<String> fields = new ArrayList<>();
        errors.forEach(error -> {
            fields.add(error.path("field").asString());
            assertThat(error.path("message").asString()).isNotBlank();
        });
        assertThat(fields).contains("orderId", "amount", "destinationId", "payee", "reference", "redirectLabel");
        assertThat(errors.findValuesAsString("message"))
                .anyMatch(message -> message.contains("eip155"))
                .anyMatch(message -> message.contains("payee destination"))
                .anyMatch(message -> message.contains("only allowed together with redirectUrl"));
    }

    @Test
    void destinationIdMustHaveTheProvidersShape() {
        List<String> malformed = List.of(
                "0x6923@eip155:11155111:0x370D", // no checksum
                "0x6923@eip155:11155111#1F96985:0x370D", // 7 hex checksum
                "0x6923@eip155:sepolia#1F969856:0x370D", // chain is not digits
                "0x6923@solana:1#1F969856:0x370D", // not eip155
                "0x6923@eip155:1#1F969856:", // no token address
                "0x6923@eip155:1#1F969856:0x370D extra"); // whitespace
        for (String destinationId : malformed) {
            HttpResponse<String> response = post(API_KEY, """
                    {"orderId": "%s", "amount": "1", "destinationId": "%s"}
                    """.formatted(newOrderId(), destinationId));
            assertProblem(response, 400);
            assertThat(JSON.readTree(response.body()).path("errors").findValuesAsString("field"))
                    .as(destinationId)
                    .containsExactly("destinationId");
        }
    }

    @Test
    void redirectUrlAndLabelFollowTheProvidersRules() {
        HttpResponse<String> response = post(API_KEY, """
                {"orderId": "%s", "amount": "1", "redirectUrl": "javascript:alert(1)", "redirectLabel": "<b>Back</b>"}
                """.formatted(newOrderId()));
        HttpResponse<String> quoted = post(API_KEY, """
                {"orderId": "%s", "amount": "1", "redirectUrl": "https://shop.example.com/a'b",
                 "redirectLabel": "Tom & Jerry"}
                """.formatted(newOrderId()));
        HttpResponse<String> spaced = post(API_KEY, """
                {"orderId": "%s", "amount": "1", "redirectUrl": "https://shop.example.com/a b"}
                """.formatted(newOrderId()));

        assertProblem(response, 400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("redirectUrl", "redirectLabel");
        assertProblem(quoted, 400);
        assertThat(JSON.readTree(quoted.body()).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("redirectUrl", "redirectLabel");
        assertProblem(spaced, 400);
        assertThat(JSON.readTree(spaced.body()).path("errors").findValuesAsString("field"))
                .containsExactly("redirectUrl");
    }

    @Test
    void metadataIsBoundedAndEveryBadEntryIsListed() {
        String tooManyEntries = IntStream.range(0, 21)
                .mapToObj(i -> "\"k" + i + "\": \"v\"")
                .collect(Collectors.joining(", ", "{", "}"));
        String longKey = "k".repeat(41);
        String longValue = "v".repeat(501);

        HttpResponse<String> tooMany = post(API_KEY, """
                {"orderId": "%s", "amount": "1", "metadata": %s}
                """.formatted(newOrderId(), tooManyEntries));
        HttpResponse<String> badEntries = post(API_KEY, """
                {"orderId": "%s", "amount": "1", "metadata": {"%s": "x", "note": "%s", "empty": null, "ok": "fine"}}
                """.formatted(newOrderId(), longKey, longValue));
        String atTheLimit = IntStream.range(0, 20)
                .mapToObj(i -> "\"" + String.format("%040d", i) + "\": \"" + "v".repeat(500) + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
        HttpResponse<String> accepted = post(API_KEY, """
                {"orderId": "%s", "amount": "1", "metadata": %s}
                """.formatted(newOrderId(), atTheLimit));

        assertProblem(tooMany, 400);
        assertThat(JSON.readTree(tooMany.body()).path("detail").asString()).contains("at most 20 entries");
        assertProblem(badEntries, 400);
        assertThat(JSON.readTree(badEntries.body()).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("metadata", "metadata.note", "metadata.empty");
        assertThat(JSON.readTree(badEntries.body()).path("detail").asString())
                .contains("1-40")
                .contains("at most 500");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    }

    @Test
    void missingRequiredFieldsAreListed() {
        HttpResponse<String> response = post(API_KEY, "{}");

        assertProblem(response, 400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("orderId", "amount");
    }

    @Test
    void bodyThatIsNotTheExpectedJsonIsABadRequestNamingTheField() {
        HttpResponse<String> notJson = post(API_KEY, "orderId=1&amount=2");
        HttpResponse<String> wrongType = post(API_KEY, """
                {"orderId": "%s", "amount": "1", "metadata": ["not", "an", "object"]}
                """.formatted(newOrderId()));

        assertProblem(notJson, 400);
        assertProblem(wrongType, 400);
        assertThat(JSON.readTree(wrongType.body()).path("errors").findValuesAsString("field"))
                .containsExactly("metadata");
    }

    @Test
    void getAnswersTheOrdersCurrentLinkAndUnknownOrdersAreNotFound() {
        String orderId = newOrderId();
        JsonNode created = create(orderId, "3.10");

        HttpResponse<String> found = get("/api/payment-links/" + orderId, API_KEY);
        HttpResponse<String> unknown = get("/api/payment-links/" + newOrderId(), API_KEY);

        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(found.body());
        assertThat(body.path("token").asString())
                .isEqualTo(created.path("token").asString());
        assertThat(body.path("amount").asString()).isEqualTo("3.10");
        assertThat(body.path("expectedAmount").asString()).isEqualTo("3.10");
        assertThat(body.path("currency").asString()).isEqualTo("USDC");
        assertThat(body.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(body.path("earlierLinks")).isEmpty();
        assertThat(body.path("paymentStatus").path("status").asString()).isEqualTo("AWAITING_PAYMENT");
        assertThat(body.path("paymentStatus").path("sequence").asLong()).isZero();
        assertProblem(unknown, 404);
    }

    /**
     * The current link is the head of the order's chain of links (previous_token), kept nowhere else; a link's
     * column says when its expiry was announced, the expiry itself being expires_at.
     */
    @Test
    void schemaKeepsTheCurrentLinkOnceAndNamesTheExpiryAnnouncement() {
        List<String> orderColumns = columnsOf("payment_order");
        List<String> linkColumns = columnsOf("payment_link");

        assertThat(orderColumns).contains("order_id", "amount").doesNotContain("current_token");
        assertThat(linkColumns).contains("expires_at", "expiry_announced_at").doesNotContain("expired_at");
    }

    @Test
    void payRedirectsToTheSecurePaymentPageWithoutAnApiKey() {
        String orderId = newOrderId();
        String securePaymentUrl = create(orderId, "9").path("securePaymentUrl").asString();

        HttpResponse<String> redirect = pay(orderId, null);
        HttpResponse<String> browser = pay(orderId, "text/html,application/xhtml+xml,*/*;q=0.8");
        HttpResponse<String> unknown = pay(newOrderId(), null);

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue(securePaymentUrl);
        assertThat(redirect.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(browser.statusCode()).isEqualTo(302);
        assertProblem(unknown, 404);
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
    }

    @Test
    void healthAndPrometheusAreExposed() {
        HttpResponse<String> health = get("/actuator/health", null);
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("outbox_backlog");
    }

    private List<String> columnsOf(String table) {
        return jdbc.sql("""
                        SELECT column_name FROM information_schema.columns
                        WHERE table_schema = 'link_service' AND table_name = :table
                        """).param("table", table).query(String.class).list();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
