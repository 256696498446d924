package io.payrecon.sandbox.payment;

import java.time.Clock;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * A placeholder for the provider's hosted payment page at {@code securePaymentUrl} ({@code /?token=…}): it shows the
 * link and offers the sandbox's payment controls.
 */
@RestController
class HostedPageController {

    private final SecurePayments links;
    private final Clock clock = Clock.systemUTC();

    HostedPageController(SecurePayments links) {
        this.links = links;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@RequestParam(required = false) String token) {
        if (token == null || token.isBlank()) {
            return ResponseEntity.ok(page("Request sandbox", """
                    <p>A local stand-in for Request Network. Create a link with <code>POST /v2/secure-payments</code>
                    and open its <code>securePaymentUrl</code>.</p>"""));
        }
        SecurePayment link = links.find(token).orElse(null);
        if (link == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.TEXT_HTML)
                    .body(page("Unknown payment", "<p>No secure payment has this token.</p>"));
        }
        StringBuilder rows = new StringBuilder();
        for (SecurePayment.Terms request : link.requests()) {
            SecurePayment.RequestState state = link.stateOf(request.requestId());
            rows.append("<tr><td><code>%s</code></td><td>%s %s</td><td>%s</td></tr>"
                    .formatted(
                            escape(request.requestId()),
                            escape(request.amount().toPlainString()),
                            escape(request.currency()),
                            escape(state.paid().toPlainString())));
        }
        String escapedToken = escape(token);
        String content = """
                <p>Reference: %s &middot; status: %s</p>
                <table><tr><th>request</th><th>amount</th><th>paid</th></tr>%s</table>
                <p>
                  <button onclick="pay({})">Pay in full</button>
                  <button onclick="pay({outcome: 'partial'})">Pay half</button>
                  <button onclick="pay({outcome: 'failed'})">Fail</button>
                </p>
                <pre id="result"></pre>
                <script>
                  function pay(body) {
                    fetch('/sandbox/payments/%s', {method: 'POST', headers: {'content-type': 'application/json'},
                        body: JSON.stringify(body)})
                      .then(r => r.text()).then(t => document.getElementById('result').textContent = t);
                  }
                </script>""".formatted(
                        escape(link.reference() == null ? "none" : link.reference()),
                        escape(link.status(clock.instant()).name().toLowerCase(Locale.ROOT)),
                        rows,
                        escapedToken);
        return ResponseEntity.ok(page("Secure payment " + escapedToken, content));
    }

    private static String page(String title, String content) {
        return """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>%s</title></head>
                <body><h1>%s</h1>%s</body></html>""".formatted(title, title, content);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
