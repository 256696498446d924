package io.payrecon.sandbox.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.sandbox.RunningSandbox;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The hosted page at {@code securePaymentUrl}, used as a browser would: GET the page, submit its forms. Paying from
 * it changes the link and sends the provider's webhooks.
 */
class HostedPageIT extends RunningSandbox {

    @Test
    void thePaymentUrlShowsTheAmountAndTheWalletsButtons() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String path = link.get("securePaymentUrl").asString().replace("http://sandbox.test:8090", "");

        HttpResponse<String> page = get(path);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body())
                .contains("Pay <span class=\"amount\">10.50 FAU</span>")
                .contains("order-1001")
                .contains("id=\"pay-full\"", "id=\"pay-part\"", "id=\"pay-fail\"")
                .contains("name=\"token\" value=\"" + token + "\"")
                .doesNotContain("<script");
    }

    @Test
    void payingPartThenTheRestCompletesTheLinkAndShowsTheRedirectButton() {
        JsonNode link = createLinkFrom("""
                {"requests":[{"amount":"10.50"}],"reference":"order-page",
                 "redirectUrl":"https://shop.example.com/thanks?order=1","redirectLabel":"Back to the shop"}""");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        HttpResponse<String> part = postForm("/", Map.of("token", token, "action", "part", "amount", "4"));

        assertThat(part.statusCode()).isEqualTo(200);
        assertThat(part.body()).contains("Partial payment received: 4 FAU paid, 4 of 10.50 so far");
        assertThat(part.body()).contains("Pay 6.50 FAU").doesNotContain("id=\"redirect\"");
        assertThat(awaitEvent(requestId, "payment.partial").json().get("amount").asString())
                .isEqualTo("4");

        HttpResponse<String> rest = postForm("/", Map.of("token", token, "action", "full"));

        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(rest.body())
                .contains("Payment confirmed: 6.50 FAU paid")
                .contains("This payment is complete.")
                .contains("<a class=\"button\" id=\"redirect\" href=\"https://shop.example.com/thanks?order=1\">"
                        + "Back to the shop</a>")
                .doesNotContain("id=\"pay-full\"");
        assertThat(awaitEvent(requestId, "payment.confirmed")
                        .json()
                        .get("totalAmountPaid")
                        .asString())
                .isEqualTo("10.50");
        assertThat(awaitEvent(requestId, "payment.confirmed.checkout")
                        .json()
                        .get("reference")
                        .asString())
                .isEqualTo("order-page");
        assertThat(get("/v2/secure-payments/" + token, clientIdHeaders()).statusCode())
                .isEqualTo(409);
    }

    @Test
    void aPartAmountThatCoversTheRestConfirms() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();

        postForm("/", Map.of("token", link.get("token").asString(), "action", "part", "amount", "10.50"));

        assertThat(awaitEvent(requestId, "payment.confirmed")
                        .json()
                        .get("amount")
                        .asString())
                .isEqualTo("10.50");
    }

    @Test
    void aLinkWithoutRedirectShowsNoRedirectButton() {
        JsonNode link = createLink("3");

        HttpResponse<String> paid =
                postForm("/", Map.of("token", link.get("token").asString(), "action", "full"));

        assertThat(paid.body()).contains("This payment is complete.").doesNotContain("id=\"redirect\"");
    }

    @Test
    void makingThePaymentFailSendsPaymentFailedAndKeepsTheLinkPayable() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        HttpResponse<String> failed = postForm("/", Map.of("token", token, "action", "fail"));

        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.body())
                .contains("Payment failed (insufficient_funds): no money moved")
                .contains("id=\"pay-full\"");
        assertThat(awaitEvent(requestId, "payment.failed")
                        .json()
                        .get("subStatus")
                        .asString())
                .isEqualTo("insufficient_funds");
        assertThat(get("/v2/secure-payments/" + token, clientIdHeaders()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void anExpiredLinkShowsItsStateAndTakesNoPayment() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();
        post("/sandbox/clock", "{\"advance\":\"P8D\"}");

        HttpResponse<String> page = get("/?token=" + token);
        HttpResponse<String> pay = postForm("/", Map.of("token", token, "action", "full"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("expired").doesNotContain("id=\"pay-full\"");
        assertThat(pay.statusCode()).isEqualTo(409);
        assertThat(pay.body()).contains("This payment link expired");
        assertThat(json(get("/v2/request/" + requestId, "x-api-key", API_KEY)).get("payments"))
                .isEmpty();
    }

    @Test
    void aCompletedLinkShowsItsStateAndTakesNoSecondPayment() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        post("/sandbox/payments/" + token, null);

        HttpResponse<String> page = get("/?token=" + token);
        HttpResponse<String> again = postForm("/", Map.of("token", token, "action", "full"));

        assertThat(page.body()).contains("This payment is complete.").doesNotContain("id=\"pay-full\"");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already been completed");
    }

    @Test
    void anAmountThatIsNotANumberIsShownAsAnError() {
        String token = createLink("10.50").get("token").asString();

        HttpResponse<String> page = postForm("/", Map.of("token", token, "action", "part", "amount", "lots"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Enter the amount to pay as a number such as 1.50");
    }

    @Test
    void aBatchIsPaidInFullInOneTransaction() {
        JsonNode link = createLinkFrom("{\"requests\":[{\"amount\":\"1\"},{\"amount\":\"2\"}]}");
        String first = link.get("requestIds").get(0).asString();
        String second = link.get("requestIds").get(1).asString();

        HttpResponse<String> page = get("/?token=" + link.get("token").asString());
        postForm("/", Map.of("token", link.get("token").asString(), "action", "full"));

        assertThat(page.body())
                .contains("Pay <span class=\"amount\">3 FAU</span>")
                .contains("<select name=\"requestId\">");
        assertThat(awaitEvent(first, "payment.confirmed").json().get("txHash").asString())
                .isEqualTo(awaitEvent(second, "payment.confirmed")
                        .json()
                        .get("txHash")
                        .asString());
    }

    @Test
    void whatTheMerchantSentIsEscaped() {
        String token = createLinkFrom("{\"requests\":[{\"amount\":\"1\"}],\"reference\":\"<script>alert(1)</script>\"}")
                .get("token")
                .asString();

        String page = get("/?token=" + token).body();

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }

    @Test
    void anUnknownTokenIsNotFound() {
        assertThat(get("/?token=01KJRA0M9QG8MA4X887908T8A4").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(200);
    }
}
