package io.payrecon.sandbox.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestNetworkProperties;
import io.payrecon.requestclient.SecurePaymentLookup;
import io.payrecon.sandbox.RunningSandbox;
import io.payrecon.sandbox.journal.Journal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The sandbox clock and the link lifecycle it drives: a link expires seven days after creation, by this clock. */
class SandboxClockIT extends RunningSandbox {

    @Test
    void aLinkExpiresSevenDaysAfterCreationBySandboxTime() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();

        post("/sandbox/clock", "{\"advance\":\"P6DT23H\"}");
        assertThat(get("/v2/secure-payments/" + token, clientIdHeaders()).statusCode())
                .isEqualTo(200);
        post("/sandbox/clock", "{\"advance\":\"PT1H\"}");
        HttpResponse<String> expired = get("/v2/secure-payments/" + token, clientIdHeaders());

        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(json(expired).get("message").asString()).isEqualTo("Secure payment token expired or invalid status");
        assertThat(get("/v2/request/" + link.get("requestIds").get(0).asString(), "x-api-key", API_KEY)
                        .statusCode())
                .as("the request outlives its link")
                .isEqualTo(200);
    }

    @Test
    void aPaidLinkStaysCompletedAfterItsExpiry() {
        String token = createLink("10.50").get("token").asString();
        post("/sandbox/payments/" + token, null);

        post("/sandbox/clock", "{\"advance\":\"P30D\"}");

        assertThat(get("/v2/secure-payments/" + token, clientIdHeaders()).statusCode())
                .isEqualTo(409);
    }

    @Test
    void theRequestClientSeesAnExpiredLinkAsNotPayable() {
        String token = createLink("10.50").get("token").asString();
        RequestNetworkClient client = new RequestNetworkClient(
                new RequestNetworkProperties(uri(""), null, CLIENT_ID, BACKEND_ORIGIN, Duration.ofSeconds(5)));

        post("/sandbox/clock", "{\"advance\":\"8d\"}");

        assertThat(client.lookUpSecurePayment(token).outcome()).isEqualTo(SecurePaymentLookup.Outcome.NOT_PAYABLE);
    }

    @Test
    void theClockCanBeSetShownAndReset() {
        HttpResponse<String> set = post("/sandbox/clock", "{\"set\":\"2030-01-01T00:00:00Z\"}");

        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode shown = json(get("/sandbox/clock"));
        assertThat(Instant.parse(shown.get("now").asString()))
                .isBetween(Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:01:00Z"));
        assertThat(Instant.parse(shown.get("realNow").asString())).isBefore(Instant.parse("2030-01-01T00:00:00Z"));
        JsonNode link = createLink("1");
        JsonNode listed = json(get("/sandbox/payments?reference=order-1001"))
                .get("links")
                .valueStream()
                .filter(each ->
                        each.get("token").asString().equals(link.get("token").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(listed.get("createdAt").asString()).startsWith("2030-01-01");
        assertThat(listed.get("expiresAt").asString()).startsWith("2030-01-08");

        JsonNode reset = json(delete("/sandbox/clock"));
        assertThat(reset.get("offset").asString()).isEqualTo("PT0S");
    }

    @Test
    void aMoveThatCannotBeReadIsAProblem() {
        for (String body : new String[] {"{\"advance\":\"eight days\"}", "{\"set\":\"tomorrow\"}", "{}"}) {
            HttpResponse<String> response = post("/sandbox/clock", body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        }
    }

    @Test
    void advanceSetAndResetMoveTheOffsetFromRealTime() {
        SandboxClock clock = new SandboxClock(
                java.time.Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), java.time.ZoneOffset.UTC), Journal.none());

        clock.advance(Duration.ofDays(8));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
        clock.set(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(clock.offset()).isNegative();
        clock.reset();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    }
}
