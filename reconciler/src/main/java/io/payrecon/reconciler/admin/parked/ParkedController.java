package io.payrecon.reconciler.admin.parked;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.Times;
import io.payrecon.reconciler.admin.audit.Audited;
import io.payrecon.reconciler.inbox.ParkedQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhooks parked because their payment link has not arrived: listed (waiting, or taken for foreign), and re-tried
 * once their request id is known. Audited like every operation; the retry needs the operator role.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Parked webhooks", description = "Webhooks waiting for their payment link, or taken for foreign")
class ParkedController {

    private final ParkedQueries parkedQueries;
    private final ParkedRetries parked;
    private final Audited audited;
    private final Clock clock;
    private final Duration alertAge;

    ParkedController(
            ParkedQueries parkedQueries,
            ParkedRetries parked,
            Audited audited,
            Clock clock,
            ReconcilerProperties properties) {
        this.parkedQueries = parkedQueries;
        this.parked = parked;
        this.audited = audited;
        this.clock = clock;
        this.alertAge = properties.parkedAlertAge();
    }

    /**
     * Webhooks parked for longer than {@code olderThan} (default {@code reconciler.parked-alert-age}): their payment
     * link has not arrived. {@code state}: {@code waiting} (the default: those still waited for, as the stale-parking
     * alert counts them), {@code foreign} (no link of ours came within {@code reconciler.parked.foreign-after}: kept,
     * no longer waited for, each with the recorded reason), {@code discarded} (by an operator: kept, never applied,
     * with who, when and why) or {@code all}. Oldest first, paged by key: pass the last
     * entry's {@code parkedId} as {@code after}.
     */
    @Operation(
            summary = "List parked webhooks",
            description = "Webhooks parked for longer than olderThan, oldest first, with how many there are in all.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @GetMapping("/parked")
    ParkedWebhooks parked(
            @Parameter(description = "A duration such as 30m, 1h or PT1H; default reconciler.parked-alert-age")
                    @RequestParam(required = false)
                    String olderThan,
            @Parameter(description = "waiting (the default), foreign, discarded or all") @RequestParam(required = false)
                    String state,
            @Parameter(description = "The last entry's parkedId of the previous page") @RequestParam(defaultValue = "0")
                    long after,
            @Parameter(description = "Entries per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit,
            Principal operator) {
        return audited.run(
                operator,
                "parked list",
                args("olderThan", olderThan, "state", state, "after", after, "limit", limit),
                () -> {
                    Duration age = olderThan == null || olderThan.isBlank() ? alertAge : duration(olderThan);
                    ParkedQueries.ParkedState which = parkedState(state);
                    Instant cutoff = Times.ago(clock, age);
                    ParkedQueries.ParkedPage page =
                            parkedQueries.parkedBefore(cutoff, which, after, Problems.limit(limit));
                    return new ParkedWebhooks(age.toString(), which.wireName(), cutoff, page.total(), page.parked());
                },
                parked -> parked.parked().size() + " of " + parked.total() + " " + parked.state() + " listed");
    }

    /** Re-tries webhooks still parked although their request id is known now, oldest first. */
    @Operation(
            summary = "Retry parked webhooks whose request id is known by now",
            description = "Applies them, oldest first (foreign ones too); answers each one's outcome and how many are "
                    + "left parked and foreign.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @PostMapping("/parked/retry")
    ParkedRetries.Result parkedRetry(
            @Parameter(description = "At most this many, 1 to 1000") @RequestParam(defaultValue = "1000") int limit,
            Principal operator) {
        return audited.run(
                operator,
                "parked retry",
                args("limit", limit),
                () -> parked.retry(Problems.limit(limit)),
                result -> result.retried() + " retried, " + result.stillParked() + " still parked, " + result.foreign()
                        + " foreign");
    }

    /**
     * @param ids the parked webhooks' {@code parkedId}s, 1 to 1000
     * @param reason why they are given up: required, and recorded
     */
    record Discard(List<Long> ids, String reason) {}

    /**
     * @param discarded the ones discarded now
     * @param skipped ids not discarded: discarded before, no longer parked (applied meanwhile), or being handled by
     *     another request right now
     */
    @Schema(name = "ParkedDiscardResult")
    record Discarded(List<io.payrecon.reconciler.inbox.ParkedWebhooks.Discarded> discarded, List<Long> skipped) {}

    /** Gives parked webhooks up, as the console's Parked page does: kept, recorded, never applied. */
    @Operation(
            summary = "Discard parked webhooks",
            description = "Each stays in parked_webhooks marked with the operator, the time and the reason, and is "
                    + "never applied from then on (its link leaves it parked; the retry and the foreign check skip "
                    + "it); its delivery is recorded IGNORED with the reason. One transaction, one audit entry. Those "
                    + "discarded before, or no longer parked, are answered as skipped.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @PostMapping("/parked/discard")
    Discarded parkedDiscard(@RequestBody(required = false) Discard discard, Principal operator) {
        List<Long> ids = discard == null || discard.ids() == null ? List.of() : discard.ids();
        String reason = discard == null || discard.reason() == null
                ? ""
                : discard.reason().strip();
        return audited.run(
                operator,
                "parked discard",
                args("ids", ids, "reason", reason),
                () -> {
                    if (ids.isEmpty() || ids.size() > Problems.MAX_LIMIT || reason.isEmpty()) {
                        throw Problems.badRequest("A discard names 1 to " + Problems.MAX_LIMIT + " parked webhooks"
                                + " by parkedId, with a reason, such as {\"ids\": [12, 13], \"reason\": \"test"
                                + " payments made by hand\"}; got " + ids.size() + " ids"
                                + (reason.isEmpty() ? " and no reason" : ""));
                    }
                    List<io.payrecon.reconciler.inbox.ParkedWebhooks.Discarded> done =
                            parked.discard(ids, Audited.name(operator), reason);
                    List<Long> skipped = ids.stream()
                            .filter(id -> done.stream().noneMatch(d -> d.parkedId() == id))
                            .toList();
                    return new Discarded(done, skipped);
                },
                result -> result.discarded().size() + " discarded, "
                        + result.skipped().size() + " skipped");
    }

    /**
     * @param olderThan the age asked for, ISO-8601 ({@code PT1H})
     * @param state which were asked for: {@code waiting}, {@code foreign} or {@code all}
     * @param total how many webhooks in that state are parked for longer, of which {@code parked} lists the oldest
     */
    record ParkedWebhooks(
            String olderThan,
            String state,
            Instant parkedBefore,
            long total,
            List<ParkedQueries.ParkedWebhook> parked) {}

    static ParkedQueries.ParkedState parkedState(String state) {
        if (state == null || state.isBlank()) {
            return ParkedQueries.ParkedState.WAITING;
        }
        for (ParkedQueries.ParkedState candidate : ParkedQueries.ParkedState.values()) {
            if (candidate.wireName().equalsIgnoreCase(state.strip())) {
                return candidate;
            }
        }
        throw Problems.badRequest("state must be waiting, foreign, discarded or all, got " + state);
    }

    static Duration duration(String value) {
        return Times.duration("olderThan", value);
    }
}
