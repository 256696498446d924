package com.example.ordersystem;

import com.example.ordersystem.OrderPaymentStatuses.OrderPaymentStatus;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /orders/{orderId}}: what this order system holds for an order, to look at. */
@RestController
class OrderController {

    private final OrderPaymentStatuses statuses;

    OrderController(OrderPaymentStatuses statuses) {
        this.statuses = statuses;
    }

    @GetMapping("/orders/{orderId}")
    OrderPaymentStatus order(@PathVariable String orderId) {
        return statuses.find(orderId)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "No payment status for order " + orderId + " yet"));
    }
}
