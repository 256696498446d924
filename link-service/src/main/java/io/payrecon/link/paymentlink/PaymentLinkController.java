package io.payrecon.link.paymentlink;

import io.payrecon.link.LinkProperties;
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

/** The order systems' API: create an order's payment link, read it. Behind the API key filter. */
@RestController
@RequestMapping(path = "/api/payment-links", produces = MediaType.APPLICATION_JSON_VALUE)
public class PaymentLinkController {

    private final PaymentLinkIssuer issuer;
    private final PaymentLinks links;
    private final LinkProperties properties;
    private final Clock clock;

    PaymentLinkController(PaymentLinkIssuer issuer, PaymentLinks links, LinkProperties properties, Clock clock) {
        this.issuer = issuer;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
    }

    /** 201 with a new link; 200 with the existing one when the order already has it (no second provider call). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PaymentLinkView> create(@RequestBody CreatePaymentLinkRequest request) {
        LinkOrder order = request.validate();
        PaymentLinkIssuer.Issued issued = issuer.issue(order);
        PaymentLinkView view = view(issued.link());
        return ResponseEntity.status(issued.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/payment-links/" + order.orderId()))
                .body(view);
    }

    @GetMapping("/{orderId}")
    PaymentLinkView get(@PathVariable String orderId) {
        return links.activeLink(orderId).map(this::view).orElseThrow(() -> new UnknownOrderException(orderId));
    }

    private PaymentLinkView view(PaymentLink link) {
        return PaymentLinkView.of(link, properties.payUrl(link.orderId()), clock.instant());
    }
}
