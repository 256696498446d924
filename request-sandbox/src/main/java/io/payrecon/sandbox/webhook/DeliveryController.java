package io.payrecon.sandbox.webhook;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sandbox/deliveries}: every webhook delivery with its attempts and their outcomes, oldest first. */
@RestController
class DeliveryController {

    private final DeliveryLog deliveries;

    DeliveryController(DeliveryLog deliveries) {
        this.deliveries = deliveries;
    }

    record Deliveries(List<DeliveryLog.View> deliveries) {}

    @GetMapping("/sandbox/deliveries")
    Deliveries list(
            @RequestParam(required = false) String requestId,
            @RequestParam(required = false) String event,
            @RequestParam(required = false) String status) {
        return new Deliveries(deliveries.list(requestId, event, status));
    }

    /** Forgets the recorded deliveries (deliveries still under way keep going). */
    @DeleteMapping("/sandbox/deliveries")
    ResponseEntity<Void> clear() {
        deliveries.clear();
        return ResponseEntity.noContent().build();
    }
}
