package io.payrecon.reconciler.admin.orders;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.audit.Audited;
import io.payrecon.reconciler.order.OrderStory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * One order, for "why is order 1001 not paid?": its whole story, and asking the provider about it now. Audited like
 * every operation; asking needs the operator role.
 */
@RestController
@RequestMapping("/admin")
@Tag(
        name = "Order operations",
        description = "One order: why is it in this state, and asking the provider about it now")
class OrderOperationsController {

    private final OrderStory stories;
    private final PollNow polls;
    private final Audited audited;

    OrderOperationsController(OrderStory stories, PollNow polls, Audited audited) {
        this.stories = stories;
        this.polls = polls;
        this.audited = audited;
    }

    /** The order's whole story in time order: links, deliveries, observations, transitions, status events. */
    @Operation(
            summary = "Show an order's whole story",
            description = "In time order: its links, deliveries, observations, transitions and status events, each "
                    + "with what it was and its outcome.")
    @ProblemResponses(ProblemType.UNKNOWN_ORDER)
    @GetMapping("/orders/{orderId}/story")
    OrderStory.Story story(@PathVariable String orderId, Principal operator) {
        return audited.run(
                operator,
                "orders show",
                args("orderId", orderId),
                () -> stories.of(orderId)
                        .orElseThrow(() -> Problems.unknownOrder("The reconciler has never heard of order " + orderId
                                + ": check the id, or whether its payment-link.created is in the dead letters")),
                story -> story.entries().size() + " entries, status " + story.status());
    }

    /** Asks the provider about the order now, through the poller and within its rate limit. */
    @Operation(
            summary = "Poll the provider about an order now",
            description = "Makes each of the order's request ids due for a poll now, through the poller and within its"
                    + " rate limit; what it sees goes through the normal path.")
    @ProblemResponses({ProblemType.UNKNOWN_ORDER, ProblemType.ALREADY_DONE})
    @PostMapping("/orders/{orderId}/poll")
    @ResponseStatus(HttpStatus.ACCEPTED)
    PollNow.Scheduled poll(@PathVariable String orderId, Principal operator) {
        return audited.run(
                operator,
                "poll",
                args("orderId", orderId),
                () -> polls.poll(orderId),
                scheduled -> "polls due now: " + scheduled.requestIds());
    }
}
