package io.payrecon.reconciler.admin.replay;

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
 * Re-runs the archived webhooks and observations of a time range through the listeners' own path, or a dry run of it
 * (see {@link Replays}). Audited like every operation; needs the operator role.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Replay", description = "Archived webhooks and observations re-run through the normal path")
class ReplayController {

    private final Replays replays;
    private final Audited audited;

    ReplayController(Replays replays, Audited audited) {
        this.replays = replays;
        this.audited = audited;
    }

    record Replay(Instant from, Instant to, String orderId, Boolean dryRun) {}

    @Operation(
            summary = "Replay a time range",
            description = "Re-runs the archived webhooks and observations between from and to (ISO-8601 instants), "
                    + "optionally of one order, through the normal idempotent path; dryRun lists the status changes it "
                    + "would make and changes nothing.")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.UNKNOWN_ORDER})
    @PostMapping("/replay")
    Replays.Result replay(@RequestBody(required = false) Replay replay, Principal operator) {
        Instant from = replay == null ? null : replay.from();
        Instant to = replay == null ? null : replay.to();
        String orderId =
                replay == null || replay.orderId() == null || replay.orderId().isBlank()
                        ? null
                        : replay.orderId().strip();
        boolean dryRun = replay != null && Boolean.TRUE.equals(replay.dryRun());
        return audited.run(
                operator,
                "replay",
                args(
                        "from",
                        from == null ? null : from.toString(),
                        "to",
                        to == null ? null : to.toString(),
                        "orderId",
                        orderId,
                        "dryRun",
                        dryRun),
                () -> {
                    if (from == null || to == null) {
                        throw Problems.badRequest("A replay needs from and to, ISO-8601 instants such as "
                                + "{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-01-02T00:00:00Z\"}");
                    }
                    return replays.replay(from, to, orderId, dryRun);
                },
                result -> result.read() + " records read, " + result.changes().size() + " status changes"
                        + (result.dryRun() ? " (dry run, rolled back)" : "") + ", "
                        + result.rejected().size()
                        + " rejected");
    }
}
