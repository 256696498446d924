package io.payrecon.reconciler.admin;

import static io.payrecon.reconciler.admin.Audited.args;

import io.payrecon.reconciler.inbox.DeadLetterStore;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What operators do: handle dead letters, retry parked webhooks, ask the provider now, re-publish status events and
 * replay the log. Each is safe to run twice and is written to the audit log, before it runs, with the operator the
 * request authenticated as; the {@code POST}s need the operator role (access package).
 */
@RestController
@RequestMapping("/admin")
public class OperationsController {

    private final DeadLetterRecords deadLetters;
    private final ParkedRetries parked;
    private final PollNow polls;
    private final Republishing republishing;
    private final Replays replays;
    private final Audited audited;

    OperationsController(
            DeadLetterRecords deadLetters,
            ParkedRetries parked,
            PollNow polls,
            Republishing republishing,
            Replays replays,
            Audited audited) {
        this.deadLetters = deadLetters;
        this.parked = parked;
        this.polls = polls;
        this.republishing = republishing;
        this.replays = replays;
        this.audited = audited;
    }

    /**
     * Dead letters, newest first, with their reason and source; {@code state} PENDING, RETRIED or DISCARDED. Paged by
     * key: pass the last entry's {@code id} as {@code before} for the next page.
     */
    @GetMapping("/dlt")
    List<DeadLetterStore.Summary> dltList(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit,
            Principal operator) {
        return audited.run(
                operator,
                "dlt list",
                args("state", state, "before", before, "limit", limit),
                () -> deadLetters.latest(state(state), before, AdminController.limit(limit)),
                listed -> listed.size() + " listed");
    }

    @GetMapping("/dlt/{id}")
    DeadLetterStore.Detail dltShow(@PathVariable long id, Principal operator) {
        return audited.run(
                operator,
                "dlt show",
                args("id", id),
                () -> deadLetters
                        .find(id)
                        .orElseThrow(
                                () -> Problems.notFound("No dead letter " + id + ": list them with GET /admin/dlt")),
                found -> "shown, " + found.summary().state());
    }

    /**
     * Applies the record through the reconciler's own path; a second retry is refused (409) and applies nothing, a
     * record that still cannot be applied is refused (422) and stays pending.
     */
    @PostMapping("/dlt/{id}/retry")
    DeadLetterRecords.Retried dltRetry(@PathVariable long id, Principal operator) {
        return audited.run(
                operator,
                "dlt retry",
                args("id", id),
                () -> deadLetters.retry(id, Audited.name(operator)),
                retried -> retried.outcome());
    }

    /** @param reason why the record is given up: required, and recorded */
    record Discard(String reason) {}

    @PostMapping("/dlt/{id}/discard")
    DeadLetterStore.Summary dltDiscard(
            @PathVariable long id, @RequestBody(required = false) Discard discard, Principal operator) {
        String reason = discard == null || discard.reason() == null
                ? ""
                : discard.reason().strip();
        return audited.run(
                operator,
                "dlt discard",
                args("id", id, "reason", reason),
                () -> {
                    if (reason.isEmpty()) {
                        throw Problems.badRequest(
                                "A discard needs a reason, such as {\"reason\": \"test record sent by mistake\"}");
                    }
                    return deadLetters.discard(id, Audited.name(operator), reason);
                },
                discarded -> "discarded");
    }

    /** Re-tries webhooks still parked although their request id is known now, oldest first. */
    @PostMapping("/parked/retry")
    ParkedRetries.Result parkedRetry(@RequestParam(defaultValue = "1000") int limit, Principal operator) {
        return audited.run(
                operator,
                "parked retry",
                args("limit", limit),
                () -> parked.retry(AdminController.limit(limit)),
                result -> result.retried() + " retried, " + result.stillParked() + " still parked, " + result.foreign()
                        + " foreign");
    }

    /** Asks the provider about the order now, through the poller and within its rate limit. */
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

    /** Exactly one of {@code orderId} and {@code since}. */
    record Republish(String orderId, Instant since) {}

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

    record Replay(Instant from, Instant to, String orderId, Boolean dryRun) {}

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

    private static String state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        String upper = state.strip().toUpperCase(java.util.Locale.ROOT);
        if (!List.of(DeadLetterStore.PENDING, DeadLetterStore.RETRIED, DeadLetterStore.DISCARDED)
                .contains(upper)) {
            throw Problems.badRequest("state must be PENDING, RETRIED or DISCARDED, got " + state);
        }
        return upper;
    }
}
