package io.payrecon.reconciler.admin.deadletters;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.audit.Audited;
import io.payrecon.reconciler.console.ActionResult;
import io.payrecon.reconciler.console.Confirmation;
import io.payrecon.reconciler.console.ConsoleController;
import io.payrecon.reconciler.console.NotFound;
import io.payrecon.reconciler.inbox.DeadLetterStore;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's dead letters: listed by state, source topic and reason; shown whole; retried or discarded, the
 * selected ones or all matching the filter, after a confirmation page listing what will happen. The same operations
 * as the admin API's bulk ones, audited the same way (one entry per action).
 */
@ConsoleController
class DeadLetterPages {

    static final int PAGE = 50;
    private static final Set<String> ACTIONS =
            Set.of("retry-selected", "discard-selected", "retry-matching", "discard-matching");

    private final DeadLetterRecords deadLetters;
    private final Audited audited;

    DeadLetterPages(DeadLetterRecords deadLetters, Audited audited) {
        this.deadLetters = deadLetters;
        this.audited = audited;
    }

    @GetMapping("/console/dead-letters")
    String list(
            @RequestParam(defaultValue = DeadLetterStore.PENDING) String state,
            @RequestParam(required = false) String topic,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) Long before,
            Principal operator,
            Model model) {
        DeadLetterStore.Filter filter = filter(state, topic, reason);
        List<DeadLetterStore.Summary> listed = audited.run(
                operator,
                "dlt list",
                args(
                        "state",
                        filter.state(),
                        "topic",
                        filter.topic(),
                        "reason",
                        filter.reasonContains(),
                        "before",
                        before,
                        "limit",
                        PAGE,
                        "via",
                        "console"),
                () -> deadLetters.matching(filter, before, PAGE),
                found -> found.size() + " listed");
        model.addAttribute("section", "dead-letters");
        model.addAttribute("deadLetters", listed);
        model.addAttribute("total", deadLetters.count(filter));
        model.addAttribute("topics", deadLetters.topics());
        model.addAttribute("state", filter.state() == null ? "" : filter.state());
        model.addAttribute("topic", filter.topic() == null ? "" : filter.topic());
        model.addAttribute("reason", filter.reasonContains() == null ? "" : filter.reasonContains());
        model.addAttribute(
                "nextPage",
                listed.size() < PAGE
                        ? null
                        : listUrl(filter)
                                .queryParam(
                                        "before", listed.get(listed.size() - 1).id())
                                .toUriString());
        return "console/dead-letters";
    }

    @GetMapping("/console/dead-letters/{id}")
    String show(@PathVariable long id, Principal operator, Model model) {
        DeadLetterStore.Detail detail = audited.run(
                operator,
                "dlt show",
                args("id", id, "via", "console"),
                () -> deadLetters.find(id).orElseThrow(() -> new NotFound("There is no dead letter " + id + ".")),
                found -> "shown, " + found.summary().state());
        model.addAttribute("section", "dead-letters");
        model.addAttribute("deadLetter", detail);
        return "console/dead-letter";
    }

    @PostMapping("/console/dead-letters/confirm")
    String confirm(
            @RequestParam String action,
            @RequestParam(required = false) List<Long> ids,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String filterState,
            @RequestParam(required = false) String filterTopic,
            @RequestParam(required = false) String filterReason,
            Model model) {
        DeadLetterStore.Filter filter = filter(filterState, filterTopic, filterReason);
        String cancel = listUrl(filter).toUriString();
        String why = reason == null ? "" : reason.strip();
        boolean retry = action.startsWith("retry");
        boolean matching = action.endsWith("matching");
        List<Long> chosen;
        boolean more = false;
        if (!ACTIONS.contains(action)) {
            throw Problems.badRequest("Unknown action " + action);
        }
        if (matching) {
            DeadLetterRecords.Selection selection = deadLetters.pendingMatching(filter, Problems.MAX_LIMIT);
            chosen = selection.ids();
            more = selection.more();
        } else {
            chosen = ids == null
                    ? List.of()
                    : ids.stream().distinct().limit(Problems.MAX_LIMIT).toList();
        }
        List<List<String>> rows = deadLetters.summaries(chosen).stream()
                .map(found -> List.of(
                        Long.toString(found.id()),
                        found.state(),
                        found.topic() + "-" + found.partition() + "@" + found.offset(),
                        found.key() == null ? "" : found.key(),
                        found.reason() == null ? "" : found.reason()))
                .toList();
        String problem = null;
        if (rows.isEmpty()) {
            problem = matching
                    ? "No pending dead letter matches the filter: nothing to do."
                    : "No dead letter selected: tick the ones to " + (retry ? "retry" : "discard") + " first.";
        } else if (!retry && why.isEmpty()) {
            problem = "A discard needs a reason (why these records are given up): write it in the reason field.";
        }
        List<Confirmation.Field> fields = new ArrayList<>();
        fields.add(new Confirmation.Field("action", action));
        chosen.forEach(id -> fields.add(new Confirmation.Field("ids", Long.toString(id))));
        fields.add(new Confirmation.Field("reason", why));
        fields.add(new Confirmation.Field("more", Boolean.toString(more)));
        fields.add(new Confirmation.Field("filterState", nullToEmpty(filter.state())));
        fields.add(new Confirmation.Field("filterTopic", nullToEmpty(filter.topic())));
        fields.add(new Confirmation.Field("filterReason", nullToEmpty(filter.reasonContains())));
        String heading = (retry ? "Retry " : "Discard ") + rows.size() + " dead letter" + (rows.size() == 1 ? "" : "s")
                + (matching ? " matching the filter" : "");
        String explanation = retry
                ? "each is applied, unchanged, through the reconciler's own path for its topic, in its own"
                        + " transaction; one that still cannot be applied stays pending."
                : "each is given up with the reason \"" + why + "\"; it stays listed as discarded.";
        if (more) {
            explanation += " More than " + Problems.MAX_LIMIT + " match: this takes the newest " + Problems.MAX_LIMIT
                    + "; run it again for the rest.";
        }
        model.addAttribute("section", "dead-letters");
        model.addAttribute(
                "confirmation",
                new Confirmation(
                        "dead-letters",
                        heading,
                        explanation,
                        List.of("Id", "State", "Source", "Key", "Reason"),
                        rows,
                        "/console/dead-letters/apply",
                        cancel,
                        fields,
                        problem));
        return "console/confirm";
    }

    @PostMapping("/console/dead-letters/apply")
    String apply(
            @RequestParam String action,
            @RequestParam(required = false) List<Long> ids,
            @RequestParam(required = false) String reason,
            @RequestParam(defaultValue = "false") boolean more,
            @RequestParam(required = false) String filterState,
            @RequestParam(required = false) String filterTopic,
            @RequestParam(required = false) String filterReason,
            Principal operator,
            RedirectAttributes redirect) {
        if (!ACTIONS.contains(action)) {
            throw Problems.badRequest("Unknown action " + action);
        }
        DeadLetterStore.Filter filter = filter(filterState, filterTopic, filterReason);
        boolean retry = action.startsWith("retry");
        boolean matching = action.endsWith("matching");
        List<Long> chosen = ids == null
                ? List.of()
                : ids.stream().distinct().limit(Problems.MAX_LIMIT).toList();
        String why = reason == null ? "" : reason.strip();
        Map<String, Object> arguments = matching
                ? args("filter", filter, "ids", chosen, "reason", retry ? null : why, "via", "console")
                : args("ids", chosen, "reason", retry ? null : why, "via", "console");
        DeadLetterRecords.Bulk bulk = audited.run(
                operator,
                retry ? "dlt retry many" : "dlt discard many",
                arguments,
                () -> {
                    if (chosen.isEmpty()) {
                        throw Problems.badRequest("No dead letter selected; nothing was done");
                    }
                    if (!retry && why.isEmpty()) {
                        throw Problems.badRequest("A discard needs a reason; nothing was done");
                    }
                    return retry
                            ? deadLetters.retryAll(chosen, Audited.name(operator), matching && more)
                            : deadLetters.discardAll(chosen, Audited.name(operator), why, matching && more);
                },
                DeadLetterRecords.Bulk::counts);
        redirect.addFlashAttribute(
                "result",
                new ActionResult(
                        "dead-letters",
                        retry ? "Dead letters retried" : "Dead letters discarded",
                        bulk.counts(),
                        bulk.outcomes().stream()
                                .map(outcome -> new ActionResult.Outcome(
                                        Long.toString(outcome.id()), outcome.result(), outcome.detail()))
                                .toList(),
                        listUrl(filter).toUriString()));
        return "redirect:/console/dead-letters/result";
    }

    /** The outcome of the action just run (after its redirect: reloading it runs nothing again). */
    @GetMapping("/console/dead-letters/result")
    String result(Model model) {
        if (!model.containsAttribute("result")) {
            return "redirect:/console/dead-letters";
        }
        model.addAttribute("section", "dead-letters");
        return "console/result";
    }

    private static DeadLetterStore.Filter filter(String state, String topic, String reason) {
        return new DeadLetterStore.Filter(
                DeadLetterController.state(state),
                DeadLetterController.blankToNull(topic),
                DeadLetterController.blankToNull(reason));
    }

    private static UriComponentsBuilder listUrl(DeadLetterStore.Filter filter) {
        return UriComponentsBuilder.fromPath("/console/dead-letters")
                .queryParam("state", nullToEmpty(filter.state()))
                .queryParamIfPresent("topic", Optional.ofNullable(filter.topic()))
                .queryParamIfPresent("reason", Optional.ofNullable(filter.reasonContains()))
                .encode();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
