package io.payrecon.sandbox.page;

import io.payrecon.sandbox.payment.Checkout;
import io.payrecon.sandbox.payment.PaymentRefused;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The hosted payment page at {@code securePaymentUrl} ({@code /?token=…}), server-rendered with plain HTML forms: the
 * payer sees the amount and pays it in full, pays part of it, or makes the payment fail, from a simulated wallet. On
 * success it shows the link's {@code redirectUrl} as a button (no automatic redirect, like the provider). Expired and
 * completed links show that state and take no payment.
 */
@Controller
@Tag(name = "Hosted page", description = "The payer's secure payment page at securePaymentUrl, plain HTML forms")
class HostedPageController {

    private static final Logger log = LoggerFactory.getLogger(HostedPageController.class);

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}(\\.\\d{1,18})?");

    private final Checkout checkout;

    HostedPageController(Checkout checkout) {
        this.checkout = checkout;
    }

    @Operation(
            summary = "Show the hosted payment page",
            description = "The link's amount, reference and requests, and a simulated wallet: pay, pay part, or make "
                    + "the payment fail. Without a token, a landing page.")
    @ApiResponse(
            responseCode = "200",
            description = "The page",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "404",
            description = "No such link: a page saying so",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@RequestParam(required = false) String token) {
        if (token == null || token.isBlank()) {
            return html(HttpStatus.OK, Html.landing());
        }
        return checkout.view(token)
                .map(link -> html(HttpStatus.OK, Html.link(link, null)))
                .orElseGet(() -> html(HttpStatus.NOT_FOUND, Html.unknown()));
    }

    /**
     * One press of a button on the page.
     *
     * @param action {@code full}, {@code part} or {@code fail}
     * @param amount for {@code part}
     * @param requestId for {@code part} and {@code fail} on a batch: which request; by default the first unpaid
     */
    @Operation(
            summary = "Press a button of the hosted page",
            description = "A form post: pay what remains, pay part (amount), or fail; causes the same webhooks as the "
                    + "controls. Expired and completed links take no payment (409 page).")
    @ApiResponse(
            responseCode = "200",
            description = "The page, with the payment made",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "400",
            description = "An amount or action the page does not take: the page saying why",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "404",
            description = "No such link: a page saying so",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "409",
            description = "The link is expired or completed: a page saying so",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @PostMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> press(
            @RequestParam String token,
            @RequestParam String action,
            @RequestParam(required = false) String amount,
            @RequestParam(required = false) String requestId) {
        Optional<Checkout.LinkView> link = checkout.view(token);
        if (link.isEmpty()) {
            return html(HttpStatus.NOT_FOUND, Html.unknown());
        }
        String request = requestId == null || requestId.isBlank() ? null : requestId;
        try {
            Checkout.Result result = switch (action) {
                case "full" -> checkout.pay(token, request, null);
                case "part" -> checkout.pay(token, request, amount(amount));
                case "fail" -> checkout.fail(token, request);
                default -> throw new InvalidInput("Unknown action '" + action + "'");
            };
            log.info("Hosted page {}: {} on {}", action, events(result), token);
            return html(HttpStatus.OK, Html.link(result.link(), Html.Banner.of(result)));
        } catch (InvalidInput e) {
            return html(HttpStatus.BAD_REQUEST, Html.link(link.get(), Html.Banner.error(e.getMessage())));
        } catch (PaymentRefused e) {
            Checkout.LinkView now = checkout.view(token).orElse(link.get());
            return html(e.type().status(), Html.link(now, Html.Banner.error(e.getMessage())));
        }
    }

    private static List<String> events(Checkout.Result result) {
        return result.settlements().stream().map(Checkout.Result.Line::event).toList();
    }

    private static BigDecimal amount(String amount) {
        String text = amount == null ? "" : amount.strip();
        if (!DECIMAL.matcher(text).matches()) {
            throw new InvalidInput("Enter the amount to pay as a number such as 1.50");
        }
        return new BigDecimal(text);
    }

    private static ResponseEntity<String> html(HttpStatusCode status, String page) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(page);
    }

    /** What the payer typed cannot be paid. */
    private static final class InvalidInput extends RuntimeException {
        InvalidInput(String message) {
            super(message);
        }
    }
}
