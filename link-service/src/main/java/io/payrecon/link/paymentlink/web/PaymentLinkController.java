package io.payrecon.link.paymentlink.web;

import io.payrecon.link.LinkProperties;
import io.payrecon.link.paymentlink.LinkOrder;
import io.payrecon.link.paymentlink.PaymentLink;
import io.payrecon.link.paymentlink.PaymentLinks;
import io.payrecon.link.paymentlink.PaymentOrders;
import io.payrecon.link.paymentlink.UnknownOrderException;
import io.payrecon.link.paymentlink.issue.PaymentLinkIssuer;
import io.payrecon.link.paymentstatus.PaymentStatuses;
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
