package io.payrecon.reconciler.admin.republish;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.audit.Audited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Instant;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Re-emits status events from the orders' history for downstream systems that lost data (see {@link Republishing}).
 * Audited like every operation; needs the operator role.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Republish", description = "Status events re-emitted for order systems that lost data")
class RepublishController {

    private final Republishing republishing;
    private final Audited audited;

    RepublishController(Republishing republishing, Audited audited) {
        this.republishing = republishing;
        this.audited = audited;
    }

    /** Exactly one of {@code orderId} and {@code since}. */
    record Republish(String orderId, Instant since) {}

    @Operation(
            summary = "Republish status events",
            description = "Re-emits the status events of one order (orderId) or of every order changed since an "
                    + "instant (since), with their original sequences, marked republished.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @PostMapping("/republish")
    Republishing.Result republish(@RequestBody(required = false) Republish republish, Principal operator) {
        String orderId = republish == null
                        || republish.orderId() == null
                        || republish.orderId().isBlank()
                ? null
                : republish.orderId().strip();
        Instant since = republish == null ? null : republish.since();
        return audited.run(
                operator,
                "republish",
                args("orderId", orderId, "since", since == null ? null : since.toString()),
                () -> {
                    if ((orderId == null) == (since == null)) {
                        throw Problems.badRequest("Give exactly one of orderId and since, such as "
                                + "{\"orderId\": \"1001\"} or {\"since\": \"2026-01-01T00:00:00Z\"}");
                    }
                    return republishing.republish(orderId, since);
                },
                result -> result.events() + " status events of " + result.orders() + " orders appended to the outbox");
    }
}
