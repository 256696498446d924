package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

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
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndPagesCarryAStrictContentSecurityPolicy() {
        Browser browser = new Browser();
        HttpResponse<String> form = browser.get("/console/sign-in");
        HttpResponse<String> signedIn = browser.post(
                "/console/sign-in", "username", ALICE.name(), "password", ALICE.key(), "_csrf", csrf(form.body()));

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
        Browser browser = new Browser();
        browser.signIn(ALICE.name(), ALICE.key());
        HttpCookie session = browser.sessionCookie();

        HttpResponse<String> overview = browser.get("/console/");
        HttpResponse<String> signedOut = browser.post("/console/sign-out", "_csrf", csrf(overview.body()));
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(location(signedOut)).endsWith("/console/sign-in?signed-out");
        assertThat(browser.get("/console/sign-in?signed-out").body()).contains("id=\"signed-out\"");

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
