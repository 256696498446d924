package io.payrecon.reconciler.admin.deadletters;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.audit.Audited;
import io.payrecon.reconciler.inbox.DeadLetterStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead letters: listed with their reason and source, shown whole, retried through the reconciler's own path, or
 * discarded with a reason; each once. Audited like every operation; retry and discard need the operator role.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Dead letters", description = "Records the reconciler could not apply: listed, shown, retried or discarded")
class DeadLetterController {

    private final DeadLetterRecords deadLetters;
    private final Audited audited;

    DeadLetterController(DeadLetterRecords deadLetters, Audited audited) {
        this.deadLetters = deadLetters;
        this.audited = audited;
    }

    /**
     * Dead letters, newest first, with their reason and source; {@code state} PENDING, RETRIED or DISCARDED. Paged by
     * key: pass the last entry's {@code id} as {@code before} for the next page.
     */
    @Operation(
            summary = "List dead letters",
            description = "Newest first, with their reason and source topic, partition and offset. Paged by key: pass "
                    + "the last entry's id as before.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @GetMapping("/dlt")
    List<DeadLetterStore.Summary> dltList(
            @Parameter(description = "PENDING, RETRIED or DISCARDED") @RequestParam(required = false) String state,
            @Parameter(description = "The last entry's id of the previous page") @RequestParam(required = false)
                    Long before,
            @Parameter(description = "Entries per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit,
            Principal operator) {
        return audited.run(
                operator,
                "dlt list",
                args("state", state, "before", before, "limit", limit),
                () -> deadLetters.latest(state(state), before, Problems.limit(limit)),
                listed -> listed.size() + " listed");
    }

    @Operation(summary = "Show a dead letter", description = "Whole: its headers and body (as text when it is text).")
    @ProblemResponses(ProblemType.UNKNOWN_DEAD_LETTER)
    @GetMapping("/dlt/{id}")
    DeadLetterStore.Detail dltShow(@PathVariable long id, Principal operator) {
        return audited.run(
                operator,
                "dlt show",
                args("id", id),
                () -> deadLetters.find(id).orElseThrow(() -> Problems.unknownDeadLetter(id)),
                found -> "shown, " + found.summary().state());
    }

    /**
     * Applies the record through the reconciler's own path; a second retry is refused (409) and applies nothing, a
     * record that still cannot be applied is refused (422) and stays pending.
     */
    @Operation(
            summary = "Retry a dead letter",
            description = "Applies the record, unchanged, through the reconciler's own path for its topic, in the "
                    + "transaction that marks it retried; once.")
    @ProblemResponses({ProblemType.UNKNOWN_DEAD_LETTER, ProblemType.ALREADY_DONE, ProblemType.STILL_NOT_APPLICABLE})
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

    @Operation(summary = "Discard a dead letter", description = "Gives the record up, with a reason (required); once.")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.UNKNOWN_DEAD_LETTER, ProblemType.ALREADY_DONE})
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

    /**
     * Which dead letters a bulk action takes: the ones listed in {@code ids} (at most 1,000), or those pending that
     * match {@code filter} (the newest 1,000; call again for more).
     */
    @Schema(name = "DeadLetterSelection")
    record Selection(List<Long> ids, FilterBody filter, String reason) {}

    /**
     * @param state PENDING or absent: an action takes pending dead letters only
     * @param topic the source topic, such as payments.webhooks.v1
     * @param reason a piece of text in the dead letter's reason, any case
     */
    @Schema(name = "DeadLetterFilter")
    record FilterBody(String state, String topic, String reason) {}

    @Operation(
            summary = "Retry many dead letters",
            description = "Each dead letter as POST /admin/dlt/{id}/retry does, each in its own transaction: by ids"
                    + " ({\"ids\": [1, 2]}, at most 1000) or all pending ones matching a filter ({\"filter\": {\"topic\":"
                    + " \"payments.webhooks.v1\", \"reason\": \"secret\"}}, the newest 1000; more says whether"
                    + " more match). Answers each one's outcome: applied, not-applicable (stays pending, with why),"
                    + " already-done, unknown. One audit entry for the whole action.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @PostMapping("/dlt/retry")
    DeadLetterRecords.Bulk dltRetryMany(@RequestBody(required = false) Selection selection, Principal operator) {
        return audited.run(
                operator,
                "dlt retry many",
                selectionArgs(selection),
                () -> {
                    DeadLetterRecords.Selection chosen = choose(selection);
                    return deadLetters.retryAll(chosen.ids(), Audited.name(operator), chosen.more());
                },
                DeadLetterRecords.Bulk::counts);
    }

    @Operation(
            summary = "Discard many dead letters",
            description = "Each dead letter as POST /admin/dlt/{id}/discard does, with one reason (required), each in"
                    + " its own transaction: by ids or all pending ones matching a filter, as for the bulk retry."
                    + " One audit entry for the whole action.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @PostMapping("/dlt/discard")
    DeadLetterRecords.Bulk dltDiscardMany(@RequestBody(required = false) Selection selection, Principal operator) {
        String reason = selection == null || selection.reason() == null
                ? ""
                : selection.reason().strip();
        return audited.run(
                operator,
                "dlt discard many",
                selectionArgs(selection),
                () -> {
                    if (reason.isEmpty()) {
                        throw Problems.badRequest("A discard needs a reason, such as {\"ids\": [1, 2], \"reason\":"
                                + " \"test records sent by mistake\"}");
                    }
                    DeadLetterRecords.Selection chosen = choose(selection);
                    return deadLetters.discardAll(chosen.ids(), Audited.name(operator), reason, chosen.more());
                },
                DeadLetterRecords.Bulk::counts);
    }

    private DeadLetterRecords.Selection choose(Selection selection) {
        boolean byIds = selection != null && selection.ids() != null;
        boolean byFilter = selection != null && selection.filter() != null;
        if (byIds == byFilter) {
            throw Problems.badRequest(
                    "Name the dead letters either by ids ({\"ids\": [1, 2]}) or by a filter ({\"filter\": {\"topic\":"
                            + " \"payments.webhooks.v1\"}}), not both or neither");
        }
        if (byIds) {
            if (selection.ids().isEmpty() || selection.ids().size() > Problems.MAX_LIMIT) {
                throw Problems.badRequest("ids must list 1 to " + Problems.MAX_LIMIT + " dead letters, got "
                        + selection.ids().size());
            }
            return new DeadLetterRecords.Selection(selection.ids(), false);
        }
        return deadLetters.pendingMatching(filter(selection.filter()), Problems.MAX_LIMIT);
    }

    static DeadLetterStore.Filter filter(FilterBody filter) {
        return new DeadLetterStore.Filter(
                state(filter.state()), blankToNull(filter.topic()), blankToNull(filter.reason()));
    }

    private static Map<String, Object> selectionArgs(Selection selection) {
        if (selection == null) {
            return args();
        }
        return args("ids", selection.ids(), "filter", selection.filter(), "reason", selection.reason());
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        String upper = state.strip().toUpperCase(Locale.ROOT);
        if (!List.of(DeadLetterStore.PENDING, DeadLetterStore.RETRIED, DeadLetterStore.DISCARDED)
                .contains(upper)) {
            throw Problems.badRequest("state must be PENDING, RETRIED or DISCARDED, got " + state);
        }
        return upper;
    }
}
