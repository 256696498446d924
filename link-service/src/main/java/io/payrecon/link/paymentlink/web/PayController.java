package io.payrecon.link.paymentlink.web;

import io.payrecon.events.PaymentStatus;
import io.payrecon.link.paymentlink.renewal.LinkRenewal;
import io.payrecon.link.paymentlink.renewal.PayerDestination;
import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The payer's entry point, the {@code payUrl} merchants hand out: {@code /pay/{orderId}} redirects to the order's
 * payable secure payment page, renewing an expired link first. A paid order gets no link: browsers (who accept
 * {@code text/html}) see a page saying so, API clients a 409 problem; both with status 409.
 */
@RestController
@Tag(name = "Payers", description = "For payers' browsers: the payUrl handed out for an order")
public class PayController {

    private static final Logger log = LoggerFactory.getLogger(PayController.class);

    private final LinkRenewal renewal;

    PayController(LinkRenewal renewal) {
        this.renewal = renewal;
    }

    @Operation(
            summary = "Send the payer to the order's payable link",
            description = "Redirects to the order's current secure payment page. An expired link is replaced first by "
                    + "a link for what is left to pay (the provider is asked whether the old one was paid; "
                    + "`payment-link.renewed`). A paid order gets no link: browsers (`Accept: text/html`) get a page "
                    + "saying so, other clients a problem; both 409. No credential: this is the URL given to payers.")
    @ApiResponse(
            responseCode = "302",
            description = "To the order's payable secure payment page (not cached)",
            headers =
                    @Header(
                            name = "Location",
                            description = "The order's current securePaymentUrl",
                            schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(
            responseCode = "409",
            description = "The order is paid: a page saying so, to browsers (who accept text/html).",
            content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
    @ProblemResponses({
        ProblemType.UNKNOWN_ORDER,
        ProblemType.ORDER_PAID,
        ProblemType.ORDER_BUSY,
        ProblemType.PROVIDER_REJECTED_LINK,
        ProblemType.PROVIDER_CREDENTIAL_REJECTED,
        ProblemType.PROVIDER_CREDENTIAL_REFUSED,
        ProblemType.DESTINATION_MISMATCH,
        ProblemType.PROVIDER_INVALID_RESPONSE,
        ProblemType.PROVIDER_FAILED,
        ProblemType.PROVIDER_UNREACHABLE,
        ProblemType.PROVIDER_UNAVAILABLE,
        ProblemType.PROVIDER_RATE_LIMITED,
        ProblemType.PROVIDER_BUSY,
        ProblemType.PROVIDER_TIMEOUT,
        ProblemType.STORAGE_UNAVAILABLE,
        ProblemType.INTERNAL_ERROR
    })
    @GetMapping("/pay/{orderId}")
    ResponseEntity<String> pay(
            @PathVariable String orderId,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        PayerDestination destination = renewal.destinationFor(orderId);
        if (destination instanceof PayerDestination.Link link) {
            log.debug("Order {}: payer sent to link {}", orderId, link.link().token());
            return ResponseEntity.status(HttpStatus.FOUND)
                    .location(URI.create(link.link().securePaymentUrl()))
                    .cacheControl(CacheControl.noStore())
                    .build();
        }
        PayerDestination.Paid paid = (PayerDestination.Paid) destination;
        log.info("Order {}: payer turned away, the order is {} ({})", orderId, paid.status(), paid.source());
        if (!wantsHtml(accept)) {
            throw new OrderPaidException(paid);
        }
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .body(paidPage(paid));
    }

    /** A browser: it names {@code text/html} (or XHTML) among what it accepts. */
    static boolean wantsHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream()
                    .anyMatch(type -> type.getQualityValue() > 0
                            && (MediaType.TEXT_HTML.equalsTypeAndSubtype(type)
                                    || MediaType.APPLICATION_XHTML_XML.equalsTypeAndSubtype(type)));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static String paidPage(PayerDestination.Paid paid) {
        String orderId = HtmlUtils.htmlEscape(paid.orderId());
        String message = paid.status() == PaymentStatus.REFUNDED
                ? "This order was paid and the payment has been refunded. There is nothing to pay."
                : "This order is paid. There is nothing more to pay.";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Order %s is paid</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body style="font-family: sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
                <h1>Order %s</h1>
                <p>%s</p>
                <p>If you think this is wrong, contact the merchant and mention order %s.</p>
                </body>
                </html>
                """.formatted(orderId, orderId, message, orderId);
    }

    /** The order is paid; API clients get this as a 409 problem. */
    static final class OrderPaidException extends RuntimeException {
        private final PayerDestination.Paid paid;

        OrderPaidException(PayerDestination.Paid paid) {
            super("Order " + paid.orderId() + " is " + paid.status().name().toLowerCase(Locale.ROOT));
            this.paid = paid;
        }

        PayerDestination.Paid paid() {
            return paid;
        }
    }
}
