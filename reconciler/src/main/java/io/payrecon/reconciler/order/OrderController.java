package io.payrecon.reconciler.order;

import io.payrecon.events.PaymentStatus;
import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads orders' payment status. Requires {@code X-Api-Key} (see the access package). */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders", description = "For order systems: each order's payment status")
public class OrderController {

    static final int MAX_PAGE_SIZE = 100;

    private final OrderQueries orders;

    OrderController(OrderQueries orders) {
        this.orders = orders;
    }

    @Operation(
            summary = "Read an order's payment status",
            description = "Its status, flags and amounts, its request ids, and its history of transitions with their "
                    + "causes in sequence order: the opening (sequence 0, no status event), then each change with the "
                    + "sequence of the order.payment-status-changed it emitted.")
    @ProblemResponses(ProblemType.UNKNOWN_ORDER)
    @GetMapping("/{orderId}")
    OrderView order(@PathVariable String orderId) {
        return orders.view(orderId)
                .orElseThrow(() -> problem(
                        ProblemType.UNKNOWN_ORDER,
                        "Order not found",
                        "No order " + orderId + " is known: its payment-link.created has not been consumed "
                                + "(check the order id, or that link-service created a payment link for it)"));
    }

    /**
     * The orders, optionally of one status, a page at a time in order-id order: {@code after} is the previous page's
     * {@code next}. Paged by key, not by offset, so a deep page costs what the first does.
     */
    @Operation(
            summary = "List orders, a page at a time",
            description = "Orders in order-id order, optionally of one status. Paged by key: pass the previous page's "
                    + "next as after (null on the last page); a deep page costs what the first does, and orders added "
                    + "meanwhile neither repeat nor shift a page.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @GetMapping
    OrderView.Page orders(
            @Parameter(
                            description = "Only orders of this status",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = PaymentStatus.class))
                    @RequestParam(required = false)
                    String status,
            @Parameter(description = "The previous page's next: the order id the page starts after")
                    @RequestParam(required = false)
                    String after,
            @Parameter(description = "Orders per page, 1 to 100") @RequestParam(defaultValue = "20") int size,
            @Parameter(hidden = true) @RequestParam(required = false) Integer page) {
        if (page != null) {
            throw problem(
                    ProblemType.INVALID_REQUEST,
                    "Paged by key",
                    "Orders are paged by key, not by page number: omit page, and pass the previous page's next as"
                            + " after=<orderId>");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw problem(
                    ProblemType.INVALID_REQUEST,
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
                    ProblemType.INVALID_REQUEST,
                    "Unknown status",
                    "status must be one of " + Arrays.toString(PaymentStatus.values()) + ", got " + status);
        }
    }

    private static ErrorResponseException problem(ProblemType type, String title, String detail) {
        return new ErrorResponseException(type.status(), type.problem(title, detail), null);
    }
}
