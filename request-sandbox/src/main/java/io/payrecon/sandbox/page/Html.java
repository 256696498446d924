package io.payrecon.sandbox.page;

import io.payrecon.sandbox.payment.Checkout;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/** The hosted page's markup. Every value from a link or a payer is escaped. */
final class Html {

    private static final String PAYER_WALLET = "0x92Fc3406Fc6BB7A76aC63b2E8b9d02b1B9C3e4d5";

    private Html() {}

    /** A message above the link: what the last button did. */
    record Banner(String kind, String text) {

        static Banner error(String text) {
            return new Banner("error", text);
        }

        static Banner of(Checkout.Result result) {
            StringBuilder text = new StringBuilder();
            String kind = "ok";
            for (Checkout.Result.Line line : result.settlements()) {
                String currency = result.link().requests().stream()
                        .filter(request -> request.requestId().equals(line.requestId()))
                        .map(Checkout.RequestView::currency)
                        .findFirst()
                        .orElse("");
                String amount = line.amount().toPlainString() + " " + currency;
                switch (line.event()) {
                    case "payment.confirmed" ->
                        text.append("Payment confirmed: %s paid, transaction %s. ".formatted(amount, line.txHash()));
                    case "payment.partial" ->
                        text.append("Partial payment received: %s paid, %s of %s so far. "
                                .formatted(
                                        amount,
                                        line.totalAmountPaid().toPlainString(),
                                        line.expectedAmount().toPlainString()));
                    default -> {
                        kind = "error";
                        text.append(
                                "Payment failed (%s): no money moved, you can try again. ".formatted(line.subStatus()));
                    }
                }
            }
            return new Banner(kind, text.toString().strip());
        }
    }

    static String landing() {
        return layout("Request sandbox", """
                <h1>Request sandbox</h1>
                <p>A local stand-in for Request Network's secure payment pages. Create a link with
                <code>POST /v2/secure-payments</code> and open its <code>securePaymentUrl</code>.</p>""");
    }

    static String unknown() {
        return layout("Unknown payment", """
                <h1>Unknown payment</h1>
                <p>No secure payment has this token. The sandbox keeps links in memory: a restart forgets them.</p>""");
    }

    static String link(Checkout.LinkView link, Banner banner) {
        List<Checkout.RequestView> requests = link.requests();
        String currency = requests.get(0).currency();
        BigDecimal total = requests.stream().map(Checkout.RequestView::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal remaining =
                requests.stream().map(Checkout.RequestView::remaining).reduce(BigDecimal.ZERO, BigDecimal::add);
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"brand\">Request Network &middot; sandbox</p>");
        body.append("<h1>Pay <span class=\"amount\">%s %s</span></h1>"
                .formatted(escape(total.toPlainString()), escape(currency)));
        body.append(
                "<p class=\"muted\">Reference %s &middot; %s &middot; status <strong class=\"status\">%s</strong></p>"
                        .formatted(
                                escape(link.reference() == null ? "none" : link.reference()),
                                escape(requests.get(0).network()),
                                escape(link.status())));
        if (banner != null) {
            body.append(
                    "<p class=\"banner %s\" role=\"status\">%s</p>".formatted(banner.kind(), escape(banner.text())));
        }
        body.append(table(requests));
        switch (link.status()) {
            case "completed" -> {
                body.append("<p class=\"done\">This payment is complete.</p>");
                if (link.redirectUrl() != null) {
                    body.append("<p><a class=\"button\" id=\"redirect\" href=\"%s\">%s</a></p>"
                            .formatted(
                                    escape(link.redirectUrl()),
                                    escape(link.redirectLabel() == null ? "Continue" : link.redirectLabel())));
                }
            }
            case "expired" ->
                body.append("<p class=\"done\">This payment link expired at %s and can no longer be paid. "
                                .formatted(escape(link.expiresAt().toString()))
                        + "Ask the merchant for a new link.</p>");
            default -> body.append(forms(link, remaining, currency));
        }
        return layout("Secure payment " + escape(link.token()), body.toString());
    }

    private static String table(List<Checkout.RequestView> requests) {
        StringBuilder rows = new StringBuilder();
        for (Checkout.RequestView request : requests) {
            rows.append("<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td></tr>"
                    .formatted(
                            escape(shortId(request.requestId())),
                            escape(request.amount().toPlainString()),
                            escape(request.paid().toPlainString()),
                            escape(request.remaining().toPlainString())));
        }
        return "<table><tr><th>request</th><th>amount</th><th>paid</th><th>to pay</th></tr>" + rows + "</table>";
    }

    private static String forms(Checkout.LinkView link, BigDecimal remaining, String currency) {
        String choose = "";
        if (link.requests().size() > 1) {
            StringBuilder options = new StringBuilder();
            for (Checkout.RequestView request : link.requests()) {
                if (!request.hasBeenPaid()) {
                    options.append("<option value=\"%s\">%s (%s to pay)</option>"
                            .formatted(
                                    escape(request.requestId()),
                                    escape(shortId(request.requestId())),
                                    escape(request.remaining().toPlainString())));
                }
            }
            choose = "<label>Request <select name=\"requestId\">" + options + "</select></label>";
        }
        return """
                <form method="post" action="%1$s" class="pay">
                  <input type="hidden" name="token" value="%2$s">
                  <button name="action" value="full" id="pay-full">Pay %3$s %4$s</button>
                </form>
                <form method="post" action="%1$s" class="pay">
                  <input type="hidden" name="token" value="%2$s">
                  %5$s
                  <label>Amount <input name="amount" inputmode="decimal" placeholder="1.00" required></label>
                  <button name="action" value="part" id="pay-part">Pay part</button>
                </form>
                <form method="post" action="%1$s" class="pay">
                  <input type="hidden" name="token" value="%2$s">
                  %5$s
                  <button name="action" value="fail" id="pay-fail" class="secondary">Make the payment fail</button>
                </form>
                <p class="muted">Simulated wallet <code>%6$s</code>: it always has the funds, unless you make it fail.</p>""".formatted(
                "/", escape(link.token()), escape(remaining.toPlainString()), escape(currency), choose, PAYER_WALLET);
    }

    private static String shortId(String requestId) {
        return requestId.length() > 14
                ? requestId.substring(0, 8) + "…" + requestId.substring(requestId.length() - 6)
                : requestId;
    }

    private static String layout(String title, String content) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                  body { font-family: system-ui, sans-serif; background: #f4f6f8; color: #1f2933; margin: 0; }
                  main { max-width: 34rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 12px;
                         box-shadow: 0 2px 12px rgba(0,0,0,.08); }
                  .brand, .muted { color: #6b7785; font-size: .9rem; }
                  table { width: 100%%; border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
                  th, td { text-align: left; padding: .3rem; border-bottom: 1px solid #e4e7eb; }
                  form.pay { margin: .8rem 0; display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
                  button, .button { background: #00a87e; color: #fff; border: 0; padding: .6rem 1.1rem;
                                    border-radius: 8px; font-size: 1rem; cursor: pointer; text-decoration: none; }
                  button.secondary { background: #c0392b; }
                  input, select { padding: .5rem; font-size: 1rem; }
                  .banner { padding: .7rem; border-radius: 8px; }
                  .banner.ok { background: #e3f9ef; } .banner.error { background: #fde8e6; }
                  .done { font-weight: 600; }
                </style></head>
                <body><main>
                %s
                </main></body></html>""".formatted(title, content);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
