package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The operator console in a real headless Chromium, against the whole system as {@code ./pipeline up} starts it
 * (its apps, its development operators): an operator signs in, finds an order and reads its story down to the raw
 * webhook, retries a dead letter, runs a replay dry run and a rebuild as jobs and watches them finish; a read-only
 * operator sees the same pages without a single button that changes anything, and the endpoints refuse them; a form
 * posted without its CSRF token, or with a session that signed out, changes nothing. A screenshot of each page is kept
 * under {@code target/screenshots}.
 */
class ConsoleBrowserIT {

    private static LocalSystem system;
    private static Merchant merchant;
    private static String console;

    private Browser browser;

    @BeforeAll
    static void startTheSystem() {
        Browser.assumeInstalled();
        system = TestSystems.start();
        merchant = new Merchant(system);
        console = system.localEnvironment().get("CONSOLE_URL");
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void operatorSignsInFindsAnOrderAndReadsItsStoryDownToTheRawWebhook() {
        String orderId = "console-story-" + UUID.randomUUID();
        String token = pay(orderId, "40.00");

        browser.get(console);
        assertThat(browser.url())
                .as("a page before sign-in leads to the sign-in page")
                .contains("/console/sign-in");
        browser.screenshot("sign-in");
        signIn(
                system.localEnvironment().get("CONSOLE_USER"),
                system.localEnvironment().get("CONSOLE_PASSWORD"));
        assertThat(browser.text("#operator")).contains(system.credentials().adminUser());
        for (String tile : new String[] {
            "#webhooks-per-minute",
            "#consumer-lag",
            "#outbox-backlog",
            "#parked",
            "#dead-letters",
            "#polls-due",
            "#latency"
        }) {
            assertThat(browser.has(tile)).as("overview tile %s", tile).isTrue();
        }
        assertThat(browser.findAll("svg.chart"))
                .as("each tile draws its last hour")
                .isNotEmpty();
        browser.screenshot("overview");

        browser.click("#nav-orders");
        browser.type("#q", orderId);
        browser.click("#search");
        assertThat(browser.findAll("#orders a.order-link"))
                .singleElement()
                .satisfies(link -> assertThat(link.getText()).isEqualTo(orderId));
        browser.screenshot("orders-search");
        browser.click("#orders a.order-link");
        assertThat(browser.text("main")).contains(orderId, "PAID");
        assertThat(browser.findAll("#timeline li[data-kind]"))
                .extracting(item -> item.getAttribute("data-kind"))
                .contains("link-event", "delivery", "transition", "status-event");
        browser.screenshot("order-story");

        browser.click("#timeline a.raw-webhook");
        assertThat(browser.text("#raw-body")).contains("payment.confirmed");
        assertThat(browser.text("#raw-headers")).containsIgnoringCase("x-request-network-signature");
        assertThat(token).isNotBlank();
        browser.screenshot("raw-webhook");
    }

    @Test
    void operatorRetriesADeadLetterAfterItsCauseWasFixed() {
        String orderId = "console-dlt-" + UUID.randomUUID();
        PaymentLinkCreated created = LinkEvents.created(orderId);
        PaymentLinkRenewed renewed = LinkEvents.renewal(created);
        LinkEvents.append(system, orderId, renewed); // its creation went missing: dead-lettered
        long id = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOf(orderId), found -> found != null);
        LinkEvents.append(system, orderId, created); // the fix
        await().atMost(Duration.ofSeconds(30)).until(() -> merchant.orderStatus(orderId) != null);

        signInAsOperator();
        browser.click("#nav-dead-letters");
        browser.find("#dead-letters input[name=ids][value='" + id + "']").click();
        browser.screenshot("dead-letters");
        browser.click("#retry-selected");
        assertThat(browser.text("main"))
                .as("the confirmation says what will happen")
                .contains(Long.toString(id));
        browser.screenshot("dead-letters-confirm");
        browser.click("#confirm");

        assertThat(browser.text("#action-result")).contains(Long.toString(id)).containsIgnoringCase("applied");
        browser.screenshot("dead-letters-retried");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                merchant.order(orderId).json().get("requestIds").toString())
                        .contains(renewed.requestIds().get(0)));
        assertThat(admin("/admin/dlt/" + id).get("summary").get("state").asString())
                .isEqualTo("RETRIED");
        assertThat(admin("/admin/audit?operator=" + system.credentials().adminUser())
                        .toString())
                .as("the retry is in the audit log, by the operator who signed in")
                .contains(Long.toString(id));
    }

    @Test
    void operatorRunsAReplayDryRunThenARebuildJobAndWatchesItFinish() {
        String orderId = "console-jobs-" + UUID.randomUUID();
        pay(orderId, "12.00");
        JsonNode before = merchant.order(orderId).json();

        signInAsOperator();
        browser.click("#nav-jobs");
        browser.type("#replay-from", Instant.now().minus(Duration.ofMinutes(10)).toString());
        browser.type("#replay-to", Instant.now().plusSeconds(1).toString());
        browser.type("#replay-order", orderId);
        browser.click("#replay-dry-run");
        awaitJobState("succeeded");
        assertThat(browser.text("main")).contains("dry run", orderId);
        browser.screenshot("replay-dry-run");
        assertThat(merchant.order(orderId).json())
                .as("a dry run changes nothing")
                .isEqualTo(before);

        browser.click("#nav-jobs");
        browser.click("#rebuild-dry-run");
        awaitJobState("succeeded");
        browser.screenshot("rebuild-dry-run");
        browser.click("#run");
        assertThat(browser.has("#job-progress")).as("a job shows its progress").isTrue();
        awaitJobState("succeeded");
        assertThat(browser.text("h1")).contains("rebuild").doesNotContain("dry run");
        browser.screenshot("rebuild-done");
        browser.click("#nav-jobs");
        assertThat(browser.text("#jobs")).contains("rebuild", "replay", "succeeded");
        browser.screenshot("jobs");
        browser.click("#nav-audit");
        assertThat(browser.text("#audit")).contains("rebuild", "replay");
        browser.screenshot("audit");
    }

    @Test
    void readOnlyOperatorSeesEverythingButCannotChangeAnything() throws Exception {
        // The forms an operator posts, as the operator's pages have them.
        signInAsOperator();
        browser.click("#nav-dead-letters");
        String retryAction = formAction("#retry-selected");
        browser.click("#nav-jobs");
        String rebuildAction = formAction("#rebuild-dry-run");
        signOut();

        signIn(system.credentials().readOnlyAdminUser(), system.credentials().readOnlyAdminKey());
        assertThat(browser.text("#operator")).contains(system.credentials().readOnlyAdminUser());
        for (String page : new String[] {"#nav-dead-letters", "#nav-parked", "#nav-jobs"}) {
            browser.click(page);
            assertThat(browser.findAll("main button, main input[type=submit]"))
                    .as("buttons on %s: only filters, nothing that changes anything", page)
                    .extracting(button -> button.getAttribute("id"))
                    .allMatch(id -> id != null && id.endsWith("filter"));
        }
        browser.screenshot("read-only-jobs");

        Session readOnly = session();
        assertThat(readOnly.post(retryAction, Map.of("ids", "1")).statusCode())
                .as("the read-only operator's retry is refused")
                .isEqualTo(403);
        assertThat(readOnly.post(rebuildAction, Map.of()).statusCode())
                .as("the read-only operator's rebuild is refused")
                .isEqualTo(403);
    }

    @Test
    void formsNeedTheirCsrfTokenAndASignedOutSessionIsDead() throws Exception {
        signInAsOperator();
        Cookie sessionCookie = browser.cookies().stream()
                .filter(Cookie::isHttpOnly)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no HttpOnly session cookie: " + browser.cookies()));
        assertThat(sessionCookie.getSameSite()).isEqualToIgnoringCase("Strict");
        browser.click("#nav-jobs");
        String rebuildAction = formAction("#rebuild-dry-run");
        Session session = session();
        int jobsBefore = admin("/admin/jobs").size();

        HttpResponse<String> withoutToken = session.postWithoutToken(rebuildAction, Map.of());

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(admin("/admin/jobs").size()).as("nothing was started").isEqualTo(jobsBefore);
        signOut();
        HttpResponse<String> afterSignOut = session.get(console);
        assertThat(afterSignOut.statusCode())
                .as("the signed-out session leads to the sign-in page")
                .isEqualTo(302);
        assertThat(afterSignOut.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).contains("/console/sign-in"));
        assertThat(session.post(rebuildAction, Map.of()).statusCode()).isIn(302, 403);
        assertThat(admin("/admin/jobs").size()).as("nothing was started").isEqualTo(jobsBefore);
    }

    @Test
    void anOperatorAtTheKeyboardAloneSignsInAndReadsAnOrderWithTheFocusAlwaysVisible() {
        String orderId = "console-keyboard-" + UUID.randomUUID();
        pay(orderId, "9.00");

        browser.get(console);
        tabTo("#username");
        browser.keys(system.credentials().adminUser());
        tabTo("#password");
        browser.keys(system.credentials().adminKey(), Keys.ENTER);
        browser.await(Duration.ofSeconds(10), ExpectedConditions.presenceOfElementLocated(By.id("operator")));
        tabTo("#nav-orders");
        assertThat(browser.focused().getCssValue("outline-style"))
                .as("the focus is drawn")
                .isEqualTo("solid");
        pressEnterAndWait();
        tabTo("#q");
        browser.keys(orderId);
        pressEnterAndWait();
        tabTo("#orders a.order-link");
        pressEnterAndWait();

        assertThat(browser.text("h1")).contains(orderId);
        assertThat(browser.findAll("#timeline li[data-kind=transition]")).isNotEmpty();
        browser.screenshot("keyboard-order");
    }

    @Test
    void withoutJavaScriptEverythingButTheLiveUpdatesWorks() {
        browser.close();
        browser = Browser.open(false);
        String orderId = "console-no-js-" + UUID.randomUUID();
        pay(orderId, "5.00");

        signInAsOperator();
        browser.click("#nav-orders");
        browser.type("#q", orderId);
        browser.click("#search");
        browser.click("#orders a.order-link");
        assertThat(browser.findAll("#timeline li[data-kind=status-event]")).isNotEmpty();
        browser.click("#nav-jobs");
        browser.type("#replay-from", "10m");
        browser.type("#replay-order", orderId);
        browser.click("#replay-dry-run");
        String jobPage = browser.url();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            browser.get(jobPage); // no htmx: the operator reloads
            assertThat(browser.text("#job-state")).isEqualTo("succeeded");
        });
        assertThat(browser.text("main")).contains("What it would do (dry run: nothing changed)");
        browser.screenshot("no-javascript-job");
    }

    // --- the browser

    private void signInAsOperator() {
        browser.get(console);
        signIn(system.credentials().adminUser(), system.credentials().adminKey());
    }

    private void signIn(String name, String password) {
        browser.type("#username", name);
        browser.type("#password", password);
        browser.click("#sign-in");
        browser.await(Duration.ofSeconds(10), ExpectedConditions.presenceOfElementLocated(By.id("operator")));
    }

    /** Presses Tab until the element {@code css} has the focus (a person tabbing through the page). */
    private void tabTo(String css) {
        for (int i = 0; i < 80; i++) {
            if (browser.has(css) && browser.focused().equals(browser.find(css))) {
                return;
            }
            browser.keys(Keys.TAB);
        }
        throw new AssertionError("80 presses of Tab never reached " + css + " on " + browser.url());
    }

    private void pressEnterAndWait() {
        var page = browser.find("html");
        browser.keys(Keys.ENTER);
        browser.await(Duration.ofSeconds(30), ExpectedConditions.stalenessOf(page));
    }

    private void signOut() {
        browser.click("#sign-out");
        browser.await(Duration.ofSeconds(10), ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
    }

    private void awaitJobState(String state) {
        // the state as read once, not read again after the wait: the page refreshes itself meanwhile
        String shown = browser.await(Duration.ofSeconds(120), driver -> {
            String text = browser.text("#job-state");
            return text.contains(state) || text.matches("(?s).*(failed|cancelled|interrupted).*") ? text : null;
        });
        assertThat(shown).contains(state);
    }

    /**
     * The absolute URL the form holding {@code button} posts to (its attribute: the DOM property {@code form.action}
     * is shadowed by a field named "action").
     */
    private String formAction(String button) {
        String action =
                browser.find(button).findElement(By.xpath("ancestor::form")).getDomAttribute("action");
        return URI.create(browser.url()).resolve(action).toString();
    }

    /** The browser's session, used from outside it: what a forged request or a replayed cookie can do. */
    private Session session() {
        String cookies = browser.cookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        String token = browser.find("input[name=_csrf]").getAttribute("value");
        return new Session(cookies, token);
    }

    private record Session(String cookies, String csrfToken) {

        private static final HttpClient HTTP = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
            Map<String, String> withToken = new java.util.LinkedHashMap<>(form);
            withToken.put("_csrf", csrfToken);
            return postWithoutToken(url, withToken);
        }

        HttpResponse<String> postWithoutToken(String url, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream()
                    .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .reduce((a, b) -> a + "&" + b)
                    .orElse("");
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Cookie", cookies)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String url) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Cookie", cookies)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    // --- the rest of the system

    /** Pays the order in full through the sandbox and waits for the reconciler to say PAID; its link's token. */
    private static String pay(String orderId, String amount) {
        var created = merchant.createLink(orderId, amount);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> merchant.orderStatus(orderId) != null);
        String token = created.json().get("token").asString();
        var settled = merchant.payInFull(token);
        assertThat(settled.status()).as(settled.body()).isBetween(200, 299);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAID".equals(merchant.orderStatus(orderId)));
        return token;
    }

    /** {@code GET} on the reconciler's admin API as the development operator. */
    private static JsonNode admin(String path) {
        SystemHttp.Response response = SystemHttp.get(
                system.app(App.RECONCILER).url() + path,
                Map.of("X-Admin-Key", system.credentials().adminKey()));
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static Long deadLetterOf(String orderId) {
        return admin("/admin/dlt?state=PENDING")
                .valueStream()
                .filter(letter -> orderId.equals(letter.get("key").asString()))
                .map(letter -> letter.get("id").asLong())
                .findFirst()
                .orElse(null);
    }
}
