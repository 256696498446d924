package io.payrecon.link.paymentlink;

import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The payer's entry point: {@code /pay/{orderId}} redirects to the order's current secure payment page. */
@RestController
public class PayController {

    private static final Logger log = LoggerFactory.getLogger(PayController.class);

    private final PaymentLinks links;
    private final Clock clock;

    PayController(PaymentLinks links, Clock clock) {
        this.links = links;
        this.clock = clock;
    }

    @GetMapping("/pay/{orderId}")
    ResponseEntity<Void> pay(@PathVariable String orderId) {
        PaymentLink link = links.activeLink(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
        if (link.isExpiredAt(clock.instant())) {
            throw new ExpiredLinkException(link);
        }
        log.debug("Order {}: payer sent to link {}", orderId, link.token());
        return ResponseEntity.status(HttpStatus.FOUND)
                .header(
                        HttpHeaders.LOCATION,
                        URI.create(link.securePaymentUrl()).toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
