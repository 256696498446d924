package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The operator console over real HTTP, as a browser uses it: a cookie jar, forms fetched first and their
 * {@code _csrf} hidden field sent back, redirects looked at one by one. Against the real broker and database.
 */
class ConsoleIT extends RunningReconciler {

    @Test
    void aPageBeforeSignInRedirectsToSignInAndBackToThePageAfterwards() {
        Browser browser = new Browser();

        HttpResponse<String> orders = browser.get("/console/orders");
        assertThat(orders.statusCode()).isEqualTo(302);
        assertThat(location(orders)).endsWith("/console/sign-in");

        HttpResponse<String> signedIn = browser.signIn(ALICE.name(), ALICE.key());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(location(signedIn)).endsWith("/console/orders");
    }

    @Test
    void signInWithAGoodNameAndKeyShowsTheOverviewWithTheOperator() {
        Browser browser = new Browser();

        HttpResponse<String> signedIn = browser.signIn(ALICE.name(), ALICE.key());
        assertThat(location(signedIn)).endsWith("/console/");
        HttpResponse<String> overview = browser.get("/console/");

        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body())
                .contains("id=\"operator\"", "alice", "(operator)", "id=\"sign-out\"")
                .contains("id=\"nav-overview\"", "id=\"nav-orders\"", "id=\"nav-dead-letters\"", "id=\"nav-parked\"")
                .contains("id=\"nav-jobs\"", "id=\"nav-audit\"", "<h1>");
    }

    @Test
    void badCredentialsAreRefusedWithoutSayingWhichPartWasWrong() {
        for (String[] attempt :
                new String[][] {{ALICE.name(), "not-alices-key"}, {ALICE.name(), CAROL.key()}, {"nobody", ALICE.key()}
                }) {
            Browser browser = new Browser();
            HttpResponse<String> refused = browser.signIn(attempt[0], attempt[1]);

            assertThat(refused.statusCode()).isEqualTo(302);
            assertThat(location(refused)).endsWith("/console/sign-in?error");
            HttpResponse<String> page = browser.get("/console/sign-in?error");
            assertThat(page.body()).contains("id=\"sign-in-error\"", "Unknown operator name or key");
            assertThat(browser.get("/console/").statusCode())
                    .as("still signed out after %s", attempt[0])
                    .isEqualTo(302);
        }
    }

    @Test
    void signInGivesANewSessionIdInAnHttpOnlySameSiteStrictCookieAndPagesCarryAStrictContentSecurityPolicy() {
        Browser browser = new Browser();
        HttpResponse<String> form = browser.get("/console/sign-in");
        String before = browser.sessionCookie().getValue();
        HttpResponse<String> signedIn = browser.post(
                "/console/sign-in", "username", ALICE.name(), "password", ALICE.key(), "_csrf", csrf(form.body()));

        assertThat(browser.sessionCookie().getValue())
                .as("a new session id at sign-in")
                .isNotEqualTo(before);
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        assertThat(cookies)
                .anySatisfy(cookie -> assertThat(cookie)
                        .startsWith("JSESSIONID=")
                        .containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Strict"));
        HttpResponse<String> overview = browser.get("/console/");
        assertThat(overview.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(overview.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void aPostWithoutOrWithAWrongCsrfTokenIsRefusedWithAPageAndChangesNothing() {
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());

        HttpResponse<String> without = browser.post("/console/sign-out");
        HttpResponse<String> wrong = browser.post("/console/sign-out", "_csrf", "not-the-token");

        for (HttpResponse<String> refused : List.of(without, wrong)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(refused.body()).contains("Your form expired; reload the page");
        }
        assertThat(browser.get("/console/").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSessionSoTheOldCookieNoLongerWorks() {
        long before = lastAuditEntry();
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());
        HttpCookie session = browser.sessionCookie();

        HttpResponse<String> overview = browser.get("/console/");
        HttpResponse<String> signedOut = browser.post("/console/sign-out", "_csrf", csrf(overview.body()));
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(location(signedOut)).endsWith("/console/sign-in?signed-out");
        assertThat(browser.get("/console/sign-in?signed-out").body()).contains("id=\"signed-out\"");

        assertThat(auditSince(before))
                .containsSubsequence("alice console sign-in -> signed in", "alice console sign-out -> signed out");
        Browser replaying = new Browser();
        replaying.cookies.getCookieStore().add(URI.create(replaying.base), session);
        assertThat(replaying.get("/console/").statusCode()).isEqualTo(302);
    }

    @Test
    void theReadOnlyOperatorSeesNoActionButtonsAndIsRefusedEveryPost() {
        Browser browser = new Browser();
        browser.signIn(VICTOR.name(), VICTOR.key());

        HttpResponse<String> overview = browser.get("/console/");
        assertThat(overview.body()).contains("victor", "(read-only)");
        String token = csrf(overview.body());
        for (String path : List.of(
                "/console/dead-letters/confirm",
                "/console/dead-letters/apply",
                "/console/parked/confirm",
                "/console/parked/apply")) {
            HttpResponse<String> refused = browser.post(path, "_csrf", token, "action", "retry-selected", "ids", "1");
            assertThat(refused.statusCode()).as("POST %s", path).isEqualTo(403);
            assertThat(refused.body()).contains("read-only");
        }
    }

    @Test
    void servedPagesStylesAndScriptsReferToNothingOutsideTheReconciler() {
        Browser browser = new Browser();
        String signIn = browser.get("/console/sign-in").body();
        browser.signIn(ALICE.name(), ALICE.key());
        List<String> served = new ArrayList<>(List.of(signIn));
        for (String path : List.of("/console/", "/console/overview/tiles", "/console/assets/console.css")) {
            HttpResponse<String> response = browser.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            served.add(response.body());
        }
        HttpResponse<String> htmx = browser.get("/console/assets/htmx/htmx.min.js");
        assertThat(htmx.statusCode()).isEqualTo(200);

        Pattern external = Pattern.compile("(?:src|href|action|url)\\s*[=(]\\s*[\"']?https?://");
        for (String body : served) {
            assertThat(external.matcher(body).find()).as(body).isFalse();
            // the SVG namespace is a name, not a fetch
            assertThat(body.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
        }
        assertThat(external.matcher(htmx.body()).find()).isFalse();
    }

    @Test
    void anOrdersPageShowsItsStoryAsATimelineWithEachDeliveryRawBodyAndHeaders() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        WebhookReceived confirmed = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, confirmed);
        awaitOrder(orderId, order -> order.get("status").stringValue().equals("PAID"));
        Browser browser = new Browser();
        browser.signIn(VICTOR.name(), VICTOR.key());

        String found = browser.get("/console/orders?q=" + requestId).body();
        assertThat(found).contains("id=\"orders\"", "class=\"order-link\"", "/console/orders/" + orderId);
        HttpResponse<String> page = browser.get("/console/orders/" + orderId);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"timeline\"", "PAID", requestId)
                .contains("data-kind=\"link-event\"", "data-kind=\"transition\"")
                .contains("data-kind=\"status-event\"", "data-sequence=\"1\"");
        assertThat(page.body()).containsPattern("data-kind=\"delivery\"[^>]*data-outcome=\"APPLIED\"");
        assertThat(page.body().indexOf("data-kind=\"link-event\""))
                .as("in time order")
                .isLessThan(page.body().indexOf("data-kind=\"status-event\""));
        String rawLink = "/console/orders/" + orderId + "/deliveries/" + confirmed.deliveryId();
        assertThat(page.body()).contains("class=\"raw-webhook\"", rawLink);

        long before = lastAuditEntry();
        HttpResponse<String> raw = browser.get(rawLink);
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
        assertThat(raw.body())
                .contains("id=\"raw-body\"", requestId)
                .contains("id=\"raw-headers\"", "x-request-network-signature");
        assertThat(auditSince(before)).contains("victor delivery show -> shown, " + confirmed.body().length + " bytes");

        HttpResponse<String> unknown = browser.get("/console/orders/" + newOrderId());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("There is no order", "<h1>Not found</h1>");
    }

    @Test
    void bulkRetryOfTwoDeadLettersAfterAConfirmationAppliesBothWithOneAuditEntry() {
        PaymentLinkCreated first = linkCreated(newOrderId(), newRequestId());
        PaymentLinkCreated second = linkCreated(newOrderId(), newRequestId());
        PaymentLinkRenewed firstRenewal = linkRenewed(first, newRequestId());
        PaymentLinkRenewed secondRenewal = linkRenewed(second, newRequestId());
        send(Topics.LINK_EVENTS, firstRenewal); // their orders' creations went missing: dead-lettered
        send(Topics.LINK_EVENTS, secondRenewal);
        long a = awaitDeadLetterId(first.orderId());
        long b = awaitDeadLetterId(second.orderId());
        send(Topics.LINK_EVENTS, first); // the fix
        send(Topics.LINK_EVENTS, second);
        awaitOrder(first.orderId());
        awaitOrder(second.orderId());
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());
        HttpResponse<String> list = browser.get("/console/dead-letters?state=PENDING");
        assertThat(list.body())
                .contains("id=\"dead-letters\"", "name=\"ids\" value=\"" + a + "\"", "id=\"retry-selected\"")
                .contains("id=\"discard-selected\"", "id=\"discard-reason\"", "id=\"retry-matching\"")
                .contains("id=\"discard-matching\"", "href=\"/console/dead-letters/" + a + "\"");
        HttpResponse<String> whole = browser.get("/console/dead-letters/" + a);
        assertThat(whole.body())
                .contains(
                        "id=\"dl-headers\"",
                        "ce_type",
                        "id=\"dl-body\"",
                        firstRenewal.eventId().toString());
        long before = lastAuditEntry();

        HttpResponse<String> confirm = browser.post(
                "/console/dead-letters/confirm",
                "_csrf",
                csrf(list.body()),
                "action",
                "retry-selected",
                "ids",
                Long.toString(a),
                "ids",
                Long.toString(b),
                "reason",
                "",
                "filterState",
                "PENDING",
                "filterTopic",
                "",
                "filterReason",
                "");
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.body()).contains("Retry 2 dead letters?", "id=\"confirm\"", "id=\"cancel\"");
        assertThat(stateOf(a)).as("nothing done before the confirmation").isEqualTo("PENDING");
        HttpResponse<String> applied = browser.post("/console/dead-letters/apply", hiddenFields(confirm.body()));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(302);
        assertThat(location(applied)).endsWith("/console/dead-letters/result");
        HttpResponse<String> done = browser.follow(applied);

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body())
                .contains("id=\"action-result\"", "2 asked: 2 applied")
                .contains(
                        "data-id=\"" + a + "\" data-result=\"applied\"",
                        "data-id=\"" + b + "\" data-result=\"applied\"");
        assertThat(stateOf(a)).isEqualTo("RETRIED");
        assertThat(stateOf(b)).isEqualTo("RETRIED");
        assertThat(location(browser.get("/console/dead-letters/result")))
                .as("reloading the result runs nothing again")
                .endsWith("/console/dead-letters");
        assertThat(order(first.orderId()).get("requestIds").toString())
                .contains(firstRenewal.requestIds().get(0));
        assertThat(order(second.orderId()).get("requestIds").toString())
                .contains(secondRenewal.requestIds().get(0));
        assertThat(auditSince(before))
                .filteredOn(line -> line.contains("dlt retry many"))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("alice dlt retry many -> 2 asked: 2 applied"));
    }

    @Test
    void theAdminApiRetriesManyDeadLettersByIdsAndRefusesBothIdsAndFilter() {
        String key = "poison-" + newOrderId();
        sendRaw(Topics.LINK_EVENTS, key, "not an event".getBytes(StandardCharsets.UTF_8));
        long poison = awaitDeadLetterId(key);

        HttpResponse<String> retried =
                admin("POST", "/admin/dlt/retry", "{\"ids\": [" + poison + ", 999999999]}", ALICE);
        HttpResponse<String> both =
                admin("POST", "/admin/dlt/retry", "{\"ids\": [1], \"filter\": {\"topic\": \"x\"}}", ALICE);
        HttpResponse<String> noReason = admin("POST", "/admin/dlt/discard", "{\"ids\": [" + poison + "]}", ALICE);
        HttpResponse<String> byFilter = admin(
                "POST",
                "/admin/dlt/discard",
                "{\"filter\": {\"reason\": \"Not a valid LinkEvent\", \"topic\": \"" + Topics.LINK_EVENTS
                        + "\"}, \"reason\": \"garbage from a test\"}",
                ALICE);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(JSON.readTree(retried.body()).get("outcomes").toString())
                .contains("\"id\":" + poison + ",\"result\":\"not-applicable\"")
                .contains("\"id\":999999999,\"result\":\"unknown\"");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(byFilter.statusCode()).as(byFilter.body()).isEqualTo(200);
        assertThat(stateOf(poison)).isEqualTo("DISCARDED");
    }

    @Test
    void discardedParkedWebhooksAreKeptRecordedAndNotAppliedWhenTheirLinkArrives() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        WebhookReceived early = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, early); // before its link: parked
        long parkedId = awaitParked(early);
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());
        HttpResponse<String> list = browser.get("/console/parked?state=waiting");
        assertThat(list.body())
                .contains("id=\"parked\"", "name=\"ids\" value=\"" + parkedId + "\"", "id=\"discard-selected\"")
                .contains("id=\"retry-selected\"", "id=\"retry-matching\"", "id=\"parked-state\"");

        HttpResponse<String> confirm = browser.post(
                "/console/parked/confirm",
                "_csrf",
                csrf(list.body()),
                "action",
                "discard-selected",
                "ids",
                Long.toString(parkedId),
                "reason",
                "a test payment made by hand",
                "filterState",
                "waiting",
                "filterOlderThan",
                "");
        assertThat(confirm.body()).contains("Discard 1 parked webhook?", "id=\"confirm\"");
        HttpResponse<String> done = browser.follow(browser.post("/console/parked/apply", hiddenFields(confirm.body())));
        assertThat(done.body())
                .contains("id=\"action-result\"", "data-id=\"" + parkedId + "\" data-result=\"discarded\"");

        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        assertStatusEventsStay(orderId, 0);
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(reasonOf(early.deliveryId())).contains("discarded by alice", "a test payment made by hand");
        HttpResponse<String> again = browser.follow(browser.post(
                "/console/parked/apply",
                "_csrf",
                csrf(browser.get("/console/parked").body()),
                "action",
                "retry-selected",
                "ids",
                Long.toString(parkedId)));
        assertThat(again.body()).contains("data-id=\"" + parkedId + "\" data-result=\"already-done\"");
        assertStatusEventsStay(orderId, 0);
        JsonNode listed =
                JSON.readTree(admin("GET", "/admin/parked?state=discarded&olderThan=0s&limit=1000", null, VICTOR)
                        .body());
        assertThat(listed.get("parked")
                        .valueStream()
                        .filter(entry -> entry.get("parkedId").longValue() == parkedId)
                        .findFirst()
                        .orElseThrow()
                        .get("discardedBy")
                        .stringValue())
                .isEqualTo("alice");
    }

    @Test
    void theReadOnlyOperatorSeesTheListsWithoutActionButtons() {
        Browser browser = new Browser();
        browser.signIn(VICTOR.name(), VICTOR.key());

        for (String path : List.of("/console/dead-letters", "/console/parked")) {
            HttpResponse<String> page = browser.get(path);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .doesNotContain("id=\"retry-selected\"", "id=\"discard-selected\"", "id=\"retry-matching\"")
                    .doesNotContain("id=\"discard-matching\"");
        }
        HttpResponse<String> audit = browser.get("/console/audit?operator=victor");
        assertThat(audit.body()).contains("id=\"audit\"", "dlt list", "parked list");
    }

    @Test
    void theOverviewShowsEveryTileWithAChartAndRefreshesThemFromTheirFragment() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitOrder(orderId, order -> order.get("status").stringValue().equals("PAID"));
        Browser browser = new Browser();
        browser.signIn(VICTOR.name(), VICTOR.key());

        String overview = browser.get("/console/").body();
        for (String tile : List.of(
                "webhooks-per-minute",
                "consumer-lag",
                "outbox-backlog",
                "parked",
                "dead-letters",
                "polls-due",
                "latency")) {
            assertThat(overview)
                    .containsPattern("<section class=\"tile\" id=\"" + tile + "\"[\\s\\S]*?<svg class=\"chart\"");
        }
        assertThat(overview)
                .contains("hx-get=\"/console/overview/tiles?n=1\"", "hx-trigger=\"every 5s\"")
                .contains("Refused by the gateway", "not configured");
        // Micrometer binds Kafka's per-topic consumer metrics when it next looks for new ones, once a minute
        String tiles = await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> browser.get("/console/overview/tiles?n=3").body(),
                        body -> body.matches("(?s).*id=\"consumer-lag\".*<dt>Webhooks</dt>\\s*<dd>\\d+</dd>.*")
                                && body.matches("(?s).*p99, last minute</dt>\\s*<dd>≤.*"));
        assertThat(tiles).startsWith("<div id=\"tiles\"").contains("hx-get=\"/console/overview/tiles?n=4\"");
        assertThat(browser.get("/console/overview/tiles?n=360").body())
                .doesNotContain("hx-trigger")
                .contains("Live updates paused");
    }

    @Test
    void aDryRunStartedOnTheJobsPageShowsWhatItWouldDoAndIsRunForRealFromItsPage() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId, order -> order.get("status").stringValue().equals("AWAITING_PAYMENT"));
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());
        HttpResponse<String> jobs = browser.get("/console/jobs");
        assertThat(jobs.body())
                .contains("id=\"replay-form\"", "id=\"republish-form\"", "id=\"rebuild-dry-run\"")
                .contains("id=\"replay-dry-run\"", "id=\"replay-run\"", "id=\"republish-run\"", "name=\"mode\"");

        HttpResponse<String> started = browser.post(
                "/console/jobs/replay", "_csrf", csrf(jobs.body()), "from", "10m", "to", "", "orderId", orderId);

        assertThat(started.statusCode()).isEqualTo(302);
        String dryRunPage = location(started);
        assertThat(dryRunPage).matches(".*/console/jobs/\\d+");
        String dryRun = awaitJobPage(browser, dryRunPage, "succeeded");
        assertThat(dryRun)
                .contains("(dry run)", "What it would do (dry run: nothing changed)", orderId)
                .contains("id=\"job-progress\"", "id=\"run\"")
                .doesNotContain("hx-trigger"); // ended: no more refreshes

        HttpResponse<String> run = browser.post(URI.create(dryRunPage).getPath() + "/run", "_csrf", csrf(dryRun));

        assertThat(run.statusCode()).isEqualTo(302);
        assertThat(location(run)).isNotEqualTo(dryRunPage);
        String real = awaitJobPage(browser, location(run), "succeeded");
        assertThat(real).contains("What it did", orderId).doesNotContain("(dry run)", "id=\"run\"");
        HttpResponse<String> again = browser.post(URI.create(dryRunPage).getPath() + "/run", "_csrf", csrf(dryRun));
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(location(again))
                .as("a second request (a double click) leads to the job the first one queued")
                .isEqualTo(location(run));
        String realId = location(run).replaceAll(".*/", "");
        assertThat(jdbc.sql("SELECT count(*) FROM ops_jobs WHERE job_id > :dryRun AND dry_run = false"
                                + " AND parameters ->> 'orderId' = :orderId")
                        .param("dryRun", Long.parseLong(dryRunPage.replaceAll(".*/", "")))
                        .param("orderId", orderId)
                        .query(Long.class)
                        .single())
                .isOne();
        assertThat(browser.get(URI.create(dryRunPage).getPath()).body())
                .contains("id=\"real-job\"", "/console/jobs/" + realId)
                .doesNotContain("id=\"run\"");
        assertThat(browser.get("/console/jobs?kind=replay").body()).contains("(dry run)", "succeeded");
    }

    @Test
    void aReplayIsStartedForRealFromItsFormAndARunningJobsPageStopsRefreshingAfterAWhile() {
        String orderId = newOrderId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, newRequestId()));
        awaitOrder(orderId, order -> order.get("status").stringValue().equals("AWAITING_PAYMENT"));
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());

        HttpResponse<String> started = browser.post(
                "/console/jobs/replay",
                "_csrf",
                csrf(browser.get("/console/jobs").body()),
                "from",
                "10m",
                "to",
                "",
                "orderId",
                orderId,
                "mode",
                "run");

        assertThat(started.statusCode()).isEqualTo(302);
        assertThat(awaitJobPage(browser, location(started), "succeeded"))
                .contains("What it did", orderId)
                .doesNotContain("(dry run)");

        // a job running elsewhere, for this page only: the sweep marks it interrupted later
        long running = jdbc.sql("""
                        INSERT INTO ops_jobs (kind, dry_run, parameters, state, operator, created_at, started_at,
                                              heartbeat_at, instance)
                        VALUES ('replay', true, CAST('{}' AS jsonb), 'running', 'alice', now(), now(), now(),
                                'reconciler-elsewhere')
                        RETURNING job_id
                        """).query(Long.class).single();
        assertThat(browser.get("/console/jobs/" + running).body())
                .contains("hx-get=\"/console/jobs/" + running + "/live?n=1\"", "hx-trigger=\"every 2s\"");
        assertThat(browser.get("/console/jobs/" + running + "/live?n=5").body()).contains("/live?n=6");
        assertThat(browser.get("/console/jobs/" + running + "/live?n=900").body())
                .doesNotContain("hx-trigger")
                .contains("id=\"job-live-paused\"", "Live updates paused");
    }

    @Test
    void theJobsPageRefusesWhatItCannotStartAndTheReadOnlyOperatorStartsNothing() {
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());
        String token = csrf(browser.get("/console/jobs").body());

        HttpResponse<String> badTime =
                browser.post("/console/jobs/replay", "_csrf", token, "from", "yesterday", "to", "");
        HttpResponse<String> unknownKind = browser.post("/console/jobs/reindex", "_csrf", token);
        HttpResponse<String> unknownJob = browser.get("/console/jobs/999999999");

        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("from must be a time such as", "yesterday");
        assertThat(unknownKind.statusCode()).isEqualTo(404);
        assertThat(unknownJob.statusCode()).isEqualTo(404);

        Browser viewer = new Browser();
        viewer.signIn(VICTOR.name(), VICTOR.key());
        HttpResponse<String> page = viewer.get("/console/jobs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"jobs\"").doesNotContain("replay-form", "rebuild-dry-run");
        long before = lastAuditEntry();
        HttpResponse<String> refused = viewer.post("/console/jobs/rebuild", "_csrf", csrf(page.body()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(auditSince(before)).noneMatch(entry -> entry.contains(" rebuild -> job"));
    }

    /** The job's page once its state is {@code state} (or the test fails after a minute). */
    private static String awaitJobPage(Browser browser, String url, String state) {
        String path = URI.create(url).getPath();
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> browser.get(path).body(), body -> body.contains(">" + state + "</strong>"));
    }

    @Test
    void errorsAreConsolePagesNotJson() {
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());
        String token = csrf(browser.get("/console/").body());

        HttpResponse<String> missing = browser.get("/console/no-such-page");
        HttpResponse<String> unknownDeadLetter = browser.get("/console/dead-letters/999999999");
        HttpResponse<String> noAction = browser.post("/console/dead-letters/confirm", "_csrf", token);
        HttpResponse<String> notANumber =
                browser.post("/console/dead-letters/confirm", "_csrf", token, "action", "retry-selected", "ids", "x");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(unknownDeadLetter.statusCode()).isEqualTo(404);
        assertThat(noAction.statusCode()).isEqualTo(400);
        assertThat(notANumber.statusCode()).isEqualTo(400);
        for (HttpResponse<String> error : List.of(missing, unknownDeadLetter, noAction, notANumber)) {
            assertThat(error.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(error.body()).contains("id=\"error-message\"", "id=\"nav-overview\"", "id=\"operator\"");
        }
        assertThat(unknownDeadLetter.body()).contains("There is no dead letter 999999999");
    }

    @Test
    void aConfirmationOfAThousandSelectedRecordsReachesItsPageRatherThanTomcatsParameterLimit() {
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());
        String token = csrf(browser.get("/console/").body());
        for (String path : List.of("/console/dead-letters/confirm", "/console/parked/confirm")) {
            List<String> form = new ArrayList<>(List.of(
                    "_csrf", token, "action", "retry-selected", "reason", "", "filterState", "", "filterTopic", ""));
            form.addAll(List.of("filterReason", "", "filterOlderThan", "", "more", "false"));
            for (int i = 1; i <= 1000; i++) {
                form.add("ids");
                form.add(Long.toString(900_000_000L + i)); // none exists: the page says nothing is selected
            }

            HttpResponse<String> confirm = browser.post(path, form.toArray(String[]::new));

            assertThat(confirm.statusCode()).as(path).isEqualTo(200);
            assertThat(confirm.body()).as(path).contains("id=\"confirm-problem\"");
        }
    }

    @Test
    void oddTimesAndAgesAreExplainedNotSearchedAndOrderReadsAreAudited() {
        Browser browser = new Browser();
        browser.signIn(VICTOR.name(), VICTOR.key());
        long before = lastAuditEntry();

        HttpResponse<String> hugeAge = browser.get("/console/parked?state=waiting&olderThan=99999999999999d");
        HttpResponse<String> badTime = browser.get("/console/orders?from=yesterday&to=2026-12-05T10:00");
        HttpResponse<String> search = browser.get("/console/orders?q=no-such-order");
        HttpResponse<String> unknownOrder = browser.get("/console/orders/no-such-order");

        assertThat(hugeAge.statusCode()).isEqualTo(400);
        assertThat(hugeAge.body()).contains("id=\"error-message\"", "olderThan must");
        assertThat(badTime.statusCode()).isEqualTo(200);
        assertThat(badTime.body()).contains("id=\"orders-problem\"", "from must be a time", "Nothing was searched");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(unknownOrder.statusCode()).isEqualTo(404);
        assertThat(auditSince(before))
                .as("the search with a bad time searched nothing, so audited nothing")
                .containsExactly("victor orders search -> 0 listed");
        assertThat(jdbc.sql("SELECT count(*) FROM ops_audit WHERE audit_id > :entry AND arguments->>'via' = 'console'")
                        .param("entry", before)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private String stateOf(long deadLetter) {
        return jdbc.sql("SELECT state FROM dead_letters WHERE dead_letter_id = :id")
                .param("id", deadLetter)
                .query(String.class)
                .single();
    }

    private long lastAuditEntry() {
        return jdbc.sql("SELECT coalesce(max(audit_id), 0) FROM ops_audit")
                .query(Long.class)
                .single();
    }

    /** The audit log's entries after {@code entry}, oldest first, as "operator command -> outcome". */
    private List<String> auditSince(long entry) {
        return jdbc.sql("SELECT operator, command, outcome FROM ops_audit WHERE audit_id > :entry ORDER BY audit_id")
                .param("entry", entry)
                .query((rs, row) ->
                        rs.getString("operator") + " " + rs.getString("command") + " -> " + rs.getString("outcome"))
                .list();
    }

    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"");

    /** The hidden fields of a page's forms as name, value pairs, as the browser sends them. */
    static String[] hiddenFields(String page) {
        List<String> fields = new ArrayList<>();
        Matcher found = HIDDEN.matcher(page);
        while (found.find()) {
            fields.add(found.group(1));
            fields.add(org.springframework.web.util.HtmlUtils.htmlUnescape(found.group(2)));
        }
        return fields.toArray(String[]::new);
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("(no Location)");
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /** The CSRF token of the page's forms, as a browser would send it back. */
    static String csrf(String page) {
        Matcher found = CSRF.matcher(page);
        assertThat(found.find()).as("a _csrf field in %s", page).isTrue();
        return found.group(1);
    }

    /** A browser: a cookie jar, HTML asked for, redirects not followed (each is asserted). */
    final class Browser {

        final CookieManager cookies = new CookieManager();
        final String base = "http://localhost:" + port;
        private final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        /** A form as the browser sends it: name, value pairs, URL-encoded. */
        HttpResponse<String> post(String path, String... namesAndValues) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                fields.add(encode(namesAndValues[i]) + "=" + encode(namesAndValues[i + 1]));
            }
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("&", fields))));
        }

        /** Opens the sign-in page and sends its form; answers the form's response (a redirect). */
        HttpResponse<String> signIn(String name, String key) {
            HttpResponse<String> form = get("/console/sign-in");
            assertThat(form.body())
                    .contains("id=\"username\"", "name=\"username\"", "id=\"password\"", "type=\"password\"")
                    .contains("id=\"sign-in\"");
            return post("/console/sign-in", "username", name, "password", key, "_csrf", csrf(form.body()));
        }

        HttpCookie sessionCookie() {
            return cookies.getCookieStore().getCookies().stream()
                    .filter(cookie -> cookie.getName().equals("JSESSIONID"))
                    .findFirst()
                    .orElseThrow();
        }

        /** The page a form action lands on, following its redirect once. */
        HttpResponse<String> follow(HttpResponse<String> redirect) {
            String location = location(redirect);
            return get(
                    location.startsWith("http")
                            ? URI.create(location).getRawPath()
                                    + (URI.create(location).getRawQuery() == null
                                            ? ""
                                            : "?" + URI.create(location).getRawQuery())
                            : location);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return client.send(
                        request.header("Accept", "text/html,*/*;q=0.8")
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
