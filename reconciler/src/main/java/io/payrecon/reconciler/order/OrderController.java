package io.payrecon.reconciler.order;

import io.payrecon.events.PaymentStatus;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads orders' payment status. Requires {@code X-Api-Key} (see the access package). */
@RestController
@RequestMapping("/api/orders")
public class OrderController {

    static final int MAX_PAGE_SIZE = 100;

    private final OrderQueries orders;

    OrderController(OrderQueries orders) {
        this.orders = orders;
    }

    @GetMapping("/{orderId}")
    OrderView order(@PathVariable String orderId) {
        return orders.view(orderId)
                .orElseThrow(() -> problem(
                        HttpStatus.NOT_FOUND,
                        "Order not found",
                        "No order " + orderId + " is known: its payment-link.created has not been consumed "
                                + "(check the order id, or that link-service created a payment link for it)"));
    }

    /**
     * The orders, optionally of one status, a page at a time in order-id order: {@code after} is the previous page's
     * {@code next}. Paged by key, not by offset, so a deep page costs what the first does.
     */
    @GetMapping
    OrderView.Page orders(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) Integer page) {
        if (page != null) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "Paged by key",
                    "Orders are paged by key, not by page number: omit page, and pass the previous page's next as"
                            + " after=<orderId>");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid page size",
                    "size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
        }
        return orders.page(
                status == null || status.isBlank() ? null : statusOf(status),
                after == null || after.isEmpty() ? null : after,
                size);
    }

    private static PaymentStatus statusOf(String status) {
        try {
            return PaymentStatus.valueOf(status.strip());
        } catch (IllegalArgumentException e) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "Unknown status",
                    "status must be one of " + Arrays.toString(PaymentStatus.values()) + ", got " + status);
        }
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
