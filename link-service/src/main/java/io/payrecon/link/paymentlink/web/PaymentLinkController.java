package io.payrecon.link.paymentlink.web;

import io.payrecon.link.LinkProperties;
import io.payrecon.link.paymentlink.LinkOrder;
import io.payrecon.link.paymentlink.PaymentLink;
import io.payrecon.link.paymentlink.PaymentLinks;
import io.payrecon.link.paymentlink.PaymentOrders;
import io.payrecon.link.paymentlink.UnknownOrderException;
import io.payrecon.link.paymentlink.issue.PaymentLinkIssuer;
import io.payrecon.link.paymentstatus.PaymentStatuses;
import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The order systems' API: create an order's payment link, read the order's links. Behind the API key filter. */
@RestController
@RequestMapping(path = "/api/payment-links", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Payment links", description = "For order systems: an order's payment link, made once per order")
@ProblemResponses({ProblemType.STORAGE_UNAVAILABLE, ProblemType.INTERNAL_ERROR})
public class PaymentLinkController {

    private final PaymentLinkIssuer issuer;
    private final PaymentOrders orders;
    private final PaymentLinks links;
    private final PaymentStatuses statuses;
    private final LinkProperties properties;
    private final Clock clock;

    PaymentLinkController(
            PaymentLinkIssuer issuer,
            PaymentOrders orders,
            PaymentLinks links,
            PaymentStatuses statuses,
            LinkProperties properties,
            Clock clock) {
        this.issuer = issuer;
        this.orders = orders;
        this.links = links;
        this.statuses = statuses;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * 201 with a new link; 200 with the order's current link when it exists already (no second provider call), even
     * when that link has expired: its {@code payUrl} renews it.
     */
    @Operation(summary = "Create the order's payment link", description = """
                    Asks the payment provider for a secure payment link for the order, stores it and publishes \
                    `payment-link.created`. One link per order: a second request for the order answers its current \
                    link (200, no provider call) when the amount and payment target are the same, even when that \
                    link has expired (its `payUrl` renews it), and 409 when they differ. Every invalid field is \
                    listed at once (400). When the provider fails, is limited or is slow, nothing is stored: the \
                    problem says whether and when to retry.""")
    @ApiResponse(
            responseCode = "201",
            description = "A new link for the order",
            headers =
                    @Header(
                            name = "Location",
                            description = "The order's links: /api/payment-links/{orderId}",
                            schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "200",
            description = "The order has a link already, with the same amount and payment target: its current link",
            headers =
                    @Header(
                            name = "Location",
                            description = "The order's links: /api/payment-links/{orderId}",
                            schema = @Schema(type = "string")))
    @ProblemResponses({
        ProblemType.INVALID_REQUEST,
        ProblemType.ORDER_TERMS_CONFLICT,
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
        ProblemType.PROVIDER_TIMEOUT
    })
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PaymentLinkView> create(@RequestBody CreatePaymentLinkRequest request) {
        LinkOrder order = request.validate(properties.destination());
        PaymentLinkIssuer.Issued issued = issuer.issue(order);
        PaymentLinkView view = PaymentLinkView.of(issued.link(), properties.payUrl(order.orderId()), clock.instant());
        return ResponseEntity.status(issued.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/payment-links/" + order.orderId()))
                .body(view);
    }

    /** The order's current link, its earlier links and its last known payment status. */
    @Operation(
            summary = "Read the order's links",
            description = "The order's current link (the fields of the create answer), the order's terms, its "
                    + "earlier links, oldest first, and the last payment status link-service knows of it.")
    @ApiResponse(responseCode = "200", description = "The order's links and payment status")
    @ProblemResponses(ProblemType.UNKNOWN_ORDER)
    @GetMapping("/{orderId}")
    OrderLinksView get(@PathVariable String orderId) {
        LinkOrder order = orders.findOrder(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
        PaymentLink current = links.current(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
        return OrderLinksView.of(
                order,
                links.all(orderId),
                current,
                statuses.find(orderId),
                orders.providerCompletedAt(orderId),
                properties.payUrl(orderId),
                clock.instant());
    }
}
