package io.payrecon.sandbox.webhook;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.sandbox.SandboxProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sandbox/deliveries}: every webhook delivery with its attempts and their outcomes, oldest first, paged by key
 * (each page starts where the last one ended, in the log's own order: no page costs more than reading it).
 */
@RestController
@Tag(name = "Webhook deliveries", description = "Controls: every delivery since the start, with its attempts")
class DeliveryController {

    private final DeliveryLog deliveries;

    DeliveryController(DeliveryLog deliveries) {
        this.deliveries = deliveries;
    }

    static final int MAX_PAGE = 1000;

    /** @param next the delivery id to pass as {@code after} for the next page; null on the last page */
    record Deliveries(List<DeliveryLog.View> deliveries, String next) {}

    /**
     * The deliveries in delivery-id order (the order they were made: ids are ULIDs), a page at a time: {@code after}
     * is the previous page's {@code next}, {@code limit} at most {@value #MAX_PAGE}.
     */
    @Operation(
            summary = "List webhook deliveries",
            description = "Oldest first, with their attempts, status, the faults that touched them and duplicateOf; "
                    + "paged by key: pass the answer's next as after.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @GetMapping("/sandbox/deliveries")
    Deliveries list(
            @Parameter(description = "Only deliveries about this request") @RequestParam(required = false)
                    String requestId,
            @Parameter(description = "Only this event, such as payment.confirmed") @RequestParam(required = false)
                    String event,
            @Parameter(description = "Only this status, such as failed") @RequestParam(required = false) String status,
            @Parameter(description = "The previous page's next") @RequestParam(required = false) String after,
            @Parameter(description = "Deliveries per page, 1 to 1000") @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw SandboxProblem.badRequest(
                    "Invalid page size", "limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        List<DeliveryLog.View> page = deliveries.page(after, limit + 1, requestId, event, status);
        boolean more = page.size() > limit;
        List<DeliveryLog.View> shown = more ? page.subList(0, limit) : page;
        return new Deliveries(shown, more ? shown.get(limit - 1).deliveryId() : null);
    }

    /** Forgets the recorded deliveries (deliveries still under way keep going, unrecorded); journaled too. */
    @Operation(summary = "Forget every delivery", description = "Frees the memory the delivery log holds.")
    @ApiResponse(responseCode = "204", description = "Forgotten")
    @DeleteMapping("/sandbox/deliveries")
    ResponseEntity<Void> clear() {
        deliveries.clear();
        return ResponseEntity.noContent().build();
    }
}
