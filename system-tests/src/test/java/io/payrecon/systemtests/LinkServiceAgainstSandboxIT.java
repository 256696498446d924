package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemHttp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * link-service against the real request-sandbox over HTTP, each app its own process with the real broker and
 * database (issue 4: what link-service's own tests show with an in-test provider double holds against the sandbox):
 * links made once per order, the sandbox's rate limit, timeout, server error, validation and destination refusals
 * answered as link-service documents with nothing stored, and the payer redirect of a paid and of an expired link.
 *
 * <p>The system is started once, with link-service's timeouts and backoffs shortened so that the provider failures
 * cost seconds: {@code request.timeout} 2 s, {@code request.quota.backoff} 2 s,
 * {@code links.provider-failure-backoff} 1 s, and {@code links.expiry} 5 s (link-service has no clock to move from
 * outside, so its links expire on their own; the sandbox's clock is moved for its side). The reconciler's polling is
 * off, so link-service is the only caller of the sandbox's {@code /v2} API the faults strike. Faults and the sandbox
 * clock are reset after each test.
 */
class LinkServiceAgainstSandboxIT {

    private static final Duration LINK_EXPIRY = Duration.ofSeconds(5);
    private static final Duration RATE_LIMIT_BACKOFF = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final String NOT_BOUND_DESTINATION =
            "0x1111111111111111111111111111111111111111@eip155:8453#AB12CD34:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
    private static final String PROBLEM_JSON = "application/problem+json";

    private static LocalSystem system;
    private static Merchant merchant;
    private static Sandbox sandbox;

    @BeforeAll
    static void startTheSystem() {
        system = TestSystems.start(Map.of(
                App.LINK_SERVICE,
                Map.of(
                        "REQUEST_TIMEOUT", REQUEST_TIMEOUT.toSeconds() + "s",
                        "LINKS_EXPIRY", LINK_EXPIRY.toSeconds() + "s",
                        "REQUEST_QUOTA_BACKOFF", RATE_LIMIT_BACKOFF.toSeconds() + "s",
                        "LINKS_PROVIDER_FAILURE_BACKOFF", "1s"),
                App.RECONCILER,
                Map.of("RECONCILER_POLLING_ENABLED", "false"),
                // A shorter round trip than the sandbox's default (median 250 ms, p99 1.2 s, whose tail on a loaded
                // machine can pass the 2 s timeout above and turn any create into a 504): these tests are about
                // what link-service does with the provider's answers and failures; DefaultTierIT runs the default.
                App.REQUEST_SANDBOX,
                Map.of("SANDBOX_LATENCY_CREATE_MEDIAN", "50ms", "SANDBOX_LATENCY_CREATE_P99", "300ms")));
        merchant = new Merchant(system);
        sandbox = new Sandbox(system);
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    /** Set by a test that makes link-service back off from the provider. */
    private boolean backsOff;

    @AfterEach
    void resetTheSandboxAndWaitOutLinkServicesBackoff() {
        sandbox.resetFaults();
        sandbox.resetClock();
        if (backsOff) {
            // While link-service backs off, a create is answered 503 at once, without a provider call; the first
            // one after the backoff reaches the sandbox (and resets the rate-limit backoff's doubling). Until one is
            // made, so that the next test starts with link-service calling the provider.
            var probe = await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> merchant.createLink(newOrderId(), "1.00"), response -> response.status() == 201);
            assertThat(probe.status()).as(probe.body()).isEqualTo(201);
        }
    }

    @Test
    void newOrderGetsTheSandboxesLinkOnceAndTheSameOrderWithAnotherAmountIsAConflict() {
        String orderId = newOrderId();

        var created = merchant.createLink(orderId, "25.00");
        var again = merchant.createLink(orderId, "25.00");
        var otherAmount = merchant.createLink(orderId, "30.00");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode link = created.json();
        String token = link.get("token").asString();
        assertThat(token).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(link.get("securePaymentUrl").asString()).isEqualTo(sandbox.url() + "/?token=" + token);
        assertThat(link.get("requestIds").valueStream().map(JsonNode::asString))
                .singleElement()
                .asString()
                .matches("[0-9a-f]{66}");
        assertThat(link.get("payUrl").asString())
                .isEqualTo(system.app(App.LINK_SERVICE).url() + "/pay/" + orderId);
        assertThat(amount(link.get("amount"))).isEqualByComparingTo("25.00");
        // The sandbox made exactly this link, for the order, and its page asks for the amount.
        List<JsonNode> atSandbox = sandbox.linksWithReference(orderId);
        assertThat(atSandbox).singleElement().satisfies(made -> {
            assertThat(made.get("token").asString()).isEqualTo(token);
            assertThat(made.get("requests").get(0).get("requestId").asString())
                    .isEqualTo(link.get("requestIds").get(0).asString());
            assertThat(amount(made.get("requests").get(0).get("amount"))).isEqualByComparingTo("25.00");
        });
        var page = merchant.openHostedPage(link.get("securePaymentUrl").asString());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("25.00", orderId);

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("token").asString()).isEqualTo(token);
        assertThat(again.json().get("securePaymentUrl")).isEqualTo(link.get("securePaymentUrl"));
        assertThat(again.json().get("requestIds")).isEqualTo(link.get("requestIds"));

        JsonNode conflict = problem(otherAmount, 409);
        assertThat(conflict.get("title").asString()).isEqualTo("Order already has a different payment link");
        assertThat(conflict.get("detail").asString())
                .contains(orderId, "An order keeps the amount and payment target of its first link");
        assertThat(conflict.get("orderId").asString()).isEqualTo(orderId);
        assertThat(conflict.get("differences").valueStream().map(JsonNode::asString))
                .anySatisfy(difference -> assertThat(difference).startsWith("amount"));

        // Neither the repeat nor the conflict reached the sandbox, and the order kept its first link.
        assertThat(sandbox.linksWithReference(orderId)).hasSize(1);
        JsonNode stored = merchant.paymentLink(orderId).json();
        assertThat(stored.get("token").asString()).isEqualTo(token);
        assertThat(amount(stored.get("expectedAmount"))).isEqualByComparingTo("25.00");
    }

    @Test
    void sandboxRateLimitIsServiceUnavailableWithRetryAfterAndTheCreateWorksOnceTheBackoffHasPassed() {
        String limited = newOrderId();
        String next = newOrderId();
        backsOff = true;
        sandbox.apiFault(Map.of("fault", "rate-limit"));

        var throttled = merchant.createLink(limited, "11.00");
        var heldBack = merchant.createLink(next, "12.00");

        JsonNode problem = problem(throttled, 503);
        assertThat(retryAfterSeconds(throttled)).isEqualTo(RATE_LIMIT_BACKOFF.toSeconds());
        assertThat(problem.get("title").asString()).isEqualTo("Payment provider rate limit reached");
        assertThat(problem.get("detail").asString())
                .startsWith("Request Network is limiting our requests (429)")
                .contains("Nothing was stored: retry after " + RATE_LIMIT_BACKOFF.toSeconds() + " seconds.");
        // The next create is not even sent while link-service backs off.
        JsonNode held = problem(heldBack, 503);
        assertThat(retryAfterSeconds(heldBack)).isBetween(1L, RATE_LIMIT_BACKOFF.toSeconds());
        assertThat(held.get("detail").asString()).startsWith("Request Network limited our requests (429) a moment ago");
        assertNothingStored(limited);
        assertNothingStored(next);
        assertThat(sandbox.linksWithReference(limited)).isEmpty();

        sandbox.resetFaults();
        var retried = await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> merchant.createLink(limited, "11.00"), response -> response.status() != 503);
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(sandbox.linksWithReference(limited)).hasSize(1);
    }

    /**
     * The sandbox holds the create longer than link-service's {@code request.timeout}, then makes the link anyway
     * (the provider has no idempotency key): link-service answered 504 and stored nothing, so that link is an orphan
     * nobody is sent to, and the retry makes and stores another one.
     */
    @Test
    void sandboxTimeoutIsAGatewayTimeoutAndTheRetryMakesTheLinkWhileTheTimedOutOneStaysAnOrphan() {
        String orderId = newOrderId();
        backsOff = true;
        sandbox.apiFault(Map.of("fault", "timeout", "delay", "PT4S"));

        var timedOut = merchant.createLink(orderId, "13.00");
        var heldBack = merchant.createLink(orderId, "13.00");

        JsonNode problem = problem(timedOut, 504);
        assertThat(problem.get("title").asString()).isEqualTo("Payment provider timed out");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Request Network did not answer POST /v2/secure-payments in time. Nothing was stored "
                        + "here (if the provider made a link anyway, it stays unused and expires): retry the "
                        + "request.");
        JsonNode held = problem(heldBack, 503);
        assertThat(held.get("title").asString()).isEqualTo("Payment provider unavailable");
        assertThat(held.get("detail").asString()).contains("makes no provider calls", "Nothing was stored");
        assertThat(retryAfterSeconds(heldBack)).isEqualTo(1);
        assertNothingStored(orderId);

        sandbox.resetFaults();
        List<JsonNode> orphans = await().atMost(Duration.ofSeconds(15))
                .until(() -> sandbox.linksWithReference(orderId), links -> !links.isEmpty());
        var retried = await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> merchant.createLink(orderId, "13.00"), response -> response.status() != 503);
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        String orphan = orphans.get(0).get("token").asString();
        assertThat(retried.json().get("token").asString()).isNotEqualTo(orphan);
        assertThat(sandbox.linksWithReference(orderId)).hasSize(2);
        assertThat(merchant.paymentLink(orderId).json().get("earlierLinks")).isEmpty();
    }

    @Test
    void sandboxServerErrorIsABadGatewayNamingTheProviderStatusAndMessage() {
        String orderId = newOrderId();
        sandbox.apiFault(Map.of("fault", "error", "status", 503));

        var failed = merchant.createLink(orderId, "14.00");

        JsonNode problem = problem(failed, 502);
        assertThat(problem.get("title").asString()).isEqualTo("Payment provider failed");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Request Network answered 503 to POST /v2/secure-payments: Service Unavailable (sandbox "
                        + "API fault). Nothing was stored: retry the request later.");
        assertThat(problem.get("providerStatus").asInt()).isEqualTo(503);
        assertThat(problem.get("providerMessage").asString()).isEqualTo("Service Unavailable (sandbox API fault)");
        assertThat(failed.headers()).doesNotContainKey("retry-after");
        assertNothingStored(orderId);
    }

    /**
     * link-service checks the fields it knows the provider's rules for and passes the rest to the provider, whose 400
     * it answers as 422 with the provider's message. Here: a redirect URL with an upper-case scheme, a valid URL by
     * RFC 3986 that link-service accepts, which the sandbox refuses (it reads the scheme case-sensitively).
     */
    @Test
    void requestTheSandboxRejectsIsUnprocessableWithTheSandboxesMessage() {
        String orderId = newOrderId();
        Map<String, Object> request = merchant.linkRequest(orderId, "15.00");
        request.put("redirectUrl", "HTTPS://shop.example.com/orders/" + orderId);

        var rejected = merchant.createLink(request);

        JsonNode problem = problem(rejected, 422);
        String sandboxMessage = "redirectUrl must be an http(s) URL without <, >, \", ', ` or whitespace";
        assertThat(problem.get("title").asString()).isEqualTo("Payment provider rejected the link");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Request Network rejected the payment link: " + sandboxMessage
                        + ". Correct the request; nothing was stored.");
        assertThat(problem.get("providerStatus").asInt()).isEqualTo(400);
        assertThat(problem.get("providerMessage").asString()).isEqualTo(sandboxMessage);
        assertNothingStored(orderId);
        assertThat(sandbox.linksWithReference(orderId)).isEmpty();
    }

    /**
     * The provider resolves every link's destination from the credential, and refuses another one with 403 (its
     * OpenAPI file, {@code POST /v2/secure-payments}): link-service, which knows that destination, refuses an order
     * naming another one before any call, saying where its links collect.
     */
    @Test
    void destinationOtherThanTheCredentialsIsRefusedBeforeAnyProviderCall() {
        String orderId = newOrderId();
        var rejected = merchant.createLink(
                Map.of("orderId", orderId, "amount", "16.00", "destinationId", NOT_BOUND_DESTINATION));

        JsonNode problem = problem(rejected, 400);
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("destinationId");
        assertThat(problem.get("errors").findValuesAsString("message"))
                .singleElement()
                .satisfies(message -> assertThat(message)
                        .contains(LocalSystem.PAYEE_DESTINATION)
                        .contains("LINKS_DESTINATION_ID"));
        assertNothingStored(orderId);
        assertThat(sandbox.linksWithReference(orderId)).isEmpty();
    }

    /**
     * The payer pays on the sandbox's hosted page; the webhook goes through the gateway and the reconciler, whose
     * status event tells link-service the order is paid: the payUrl then sends nobody to pay again.
     */
    @Test
    void orderPaidOnTheHostedPageTurnsThePayerAwayWithAProblemOrAPage() {
        String orderId = newOrderId();
        var created = merchant.createLink(orderId, "17.00");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        var paidOnPage =
                merchant.payOnHostedPage(created.json().get("securePaymentUrl").asString());
        assertThat(paidOnPage.status()).as(paidOnPage.body()).isEqualTo(200);
        assertThat(paidOnPage.body()).contains("Payment confirmed");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> merchant.paymentLink(orderId)
                        .json()
                        .get("paymentStatus")
                        .get("status")
                        .asString()
                        .equals("PAID"));

        var api = merchant.followPayUrl(orderId, "application/json");
        var browser = merchant.followPayUrl(orderId, Merchant.BROWSER);

        JsonNode problem = problem(api, 409);
        assertThat(problem.get("title").asString()).isEqualTo("Order already paid");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Order " + orderId + " is paid: no new payment link is created for it. Show the payer the "
                        + "paid state.");
        assertThat(problem.get("paymentStatus").asString()).isEqualTo("PAID");
        assertThat(amount(problem.get("paidAmount"))).isEqualByComparingTo("17.00");
        assertThat(browser.status()).isEqualTo(409);
        assertThat(browser.headers().get("content-type"))
                .singleElement()
                .asString()
                .startsWith("text/html");
        assertThat(browser.body())
                .startsWith("<!DOCTYPE html>")
                .contains("<h1>Order " + orderId + "</h1>", "This order is paid. There is nothing more to pay.");
        assertThat(sandbox.linksWithReference(orderId)).hasSize(1);
    }

    /**
     * An unpaid link past its expiry at link-service and at the sandbox: following the payUrl asks the sandbox whether
     * the old link's request was paid, has it make a new link for the amount, and redirects there; the old link is
     * kept as an earlier link, and its page at the sandbox takes no payment.
     */
    @Test
    void expiredLinkIsRenewedOnTheWayToTheSandboxAndTheOldOneIsKeptAsAnEarlierLink() {
        String orderId = newOrderId();
        var created = merchant.createLink(orderId, "18.00");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String oldToken = created.json().get("token").asString();
        String oldUrl = created.json().get("securePaymentUrl").asString();
        await().atMost(LINK_EXPIRY.multipliedBy(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> merchant.paymentLink(orderId).json().get("status").asString(), "EXPIRED"::equals);
        sandbox.advanceClock("P8D");

        var redirect = merchant.followPayUrl(orderId, Merchant.BROWSER);

        assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
        String newUrl = redirect.headers().get("location").get(0);
        assertThat(newUrl).startsWith(sandbox.url() + "/?token=").isNotEqualTo(oldUrl);
        JsonNode view = merchant.paymentLink(orderId).json();
        assertThat(view.get("securePaymentUrl").asString()).isEqualTo(newUrl);
        assertThat(view.get("previousToken").asString()).isEqualTo(oldToken);
        assertThat(amount(view.get("amount"))).isEqualByComparingTo("18.00");
        assertThat(view.get("earlierLinks").valueStream()).singleElement().satisfies(earlier -> {
            assertThat(earlier.get("token").asString()).isEqualTo(oldToken);
            assertThat(earlier.get("securePaymentUrl").asString()).isEqualTo(oldUrl);
            assertThat(earlier.get("status").asString()).isEqualTo("EXPIRED");
            assertThat(earlier.get("expiryAnnouncedAt").isNull()).isFalse();
        });
        // At the sandbox: the old link is expired and refuses payment, the new one is payable for the amount.
        assertThat(sandbox.linksWithReference(orderId))
                .extracting(
                        link -> link.get("token").asString(),
                        link -> link.get("status").asString())
                .containsExactlyInAnyOrder(
                        tuple(oldToken, "expired"), tuple(view.get("token").asString(), "pending"));
        var oldPage = merchant.payOnHostedPage(oldUrl);
        assertThat(oldPage.status()).isEqualTo(409);
        assertThat(oldPage.body()).contains("can no longer be paid");
        var newPage = merchant.openHostedPage(newUrl);
        assertThat(newPage.status()).isEqualTo(200);
        assertThat(newPage.body()).contains("18.00").doesNotContain("can no longer be paid");
    }

    private static String newOrderId() {
        return "sandbox-" + UUID.randomUUID();
    }

    /** The answer is a problem with this status, as link-service writes them. */
    private static JsonNode problem(SystemHttp.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type"))
                .singleElement()
                .asString()
                .startsWith(PROBLEM_JSON);
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        // Each kind of problem has its type (docs/problems.md).
        assertThat(problem.path("type").asString()).as(response.body()).startsWith("https://payrecon.io/problems/");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    private static BigDecimal amount(JsonNode decimalString) {
        return new BigDecimal(decimalString.asString());
    }

    private static long retryAfterSeconds(SystemHttp.Response response) {
        List<String> retryAfter = response.headers().get("retry-after");
        assertThat(retryAfter).as("Retry-After of " + response.body()).hasSize(1);
        return Long.parseLong(retryAfter.get(0));
    }

    /** link-service knows nothing of the order: the failed request left no trace. */
    private static void assertNothingStored(String orderId) {
        var stored = merchant.paymentLink(orderId);
        assertThat(stored.status()).as(stored.body()).isEqualTo(404);
        assertThat(stored.json().get("title").asString()).isEqualTo("Unknown order");
    }
}
