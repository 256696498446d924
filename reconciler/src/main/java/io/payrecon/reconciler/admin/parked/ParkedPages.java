package io.payrecon.reconciler.admin.parked;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.Times;
import io.payrecon.reconciler.admin.audit.Audited;
import io.payrecon.reconciler.console.ActionResult;
import io.payrecon.reconciler.console.Confirmation;
import io.payrecon.reconciler.console.ConsoleController;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.ParkedQueries;
import io.payrecon.reconciler.inbox.ParkedWebhooks;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's parked webhooks: listed by state and age; the selected ones (or all matching) retried, which applies
 * those whose request id is known by now ({@link ParkedRetries}, the admin API's own path); the selected ones
 * discarded with a reason: kept, recorded, never applied. Each after a confirmation page; audited once per action.
 */
@ConsoleController
class ParkedPages {

    static final int PAGE = 50;
    private static final Set<String> ACTIONS = Set.of("retry-selected", "discard-selected", "retry-matching");

    private final ParkedQueries parkedQueries;
    private final ParkedRetries parked;
    private final Audited audited;
    private final Clock clock;

    ParkedPages(ParkedQueries parkedQueries, ParkedRetries parked, Audited audited, Clock clock) {
        this.parkedQueries = parkedQueries;
        this.parked = parked;
        this.audited = audited;
        this.clock = clock;
    }

    @GetMapping("/console/parked")
    String list(
            @RequestParam(defaultValue = "waiting") String state,
            @RequestParam(defaultValue = "") String olderThan,
            @RequestParam(defaultValue = "0") long after,
            Principal operator,
            Model model) {
        ParkedQueries.ParkedState which = ParkedController.parkedState(state);
        Duration age = age(olderThan);
        ParkedQueries.ParkedPage page = audited.run(
                operator,
                "parked list",
                args(
                        "olderThan",
                        age.toString(),
                        "state",
                        which.wireName(),
                        "after",
                        after,
                        "limit",
                        PAGE,
                        "via",
                        "console"),
                () -> parkedQueries.parkedBefore(Times.ago(clock, age), which, after, PAGE),
                found -> found.parked().size() + " of " + found.total() + " " + which.wireName() + " listed");
        model.addAttribute("section", "parked");
        model.addAttribute("parked", page.parked());
        model.addAttribute("total", page.total());
        model.addAttribute("state", which.wireName());
        model.addAttribute("olderThan", olderThan.strip());
        model.addAttribute(
                "nextPage",
                page.parked().size() < PAGE
                        ? null
                        : listUrl(which.wireName(), olderThan.strip())
                                .queryParam(
                                        "after",
                                        page.parked()
                                                .get(page.parked().size() - 1)
                                                .parkedId())
                                .toUriString());
        return "console/parked";
    }

    @PostMapping("/console/parked/confirm")
    String confirm(
            @RequestParam String action,
            @RequestParam(required = false) List<Long> ids,
            @RequestParam(required = false) String reason,
            @RequestParam(defaultValue = "waiting") String filterState,
            @RequestParam(defaultValue = "") String filterOlderThan,
            Model model) {
        if (!ACTIONS.contains(action)) {
            throw Problems.badRequest("Unknown action " + action);
        }
        boolean retry = action.startsWith("retry");
        boolean matching = action.endsWith("matching");
        String why = reason == null ? "" : reason.strip();
        Matching selection = matching
                ? matching(filterState, filterOlderThan)
                : new Matching(
                        ids == null
                                ? List.of()
                                : ids.stream()
                                        .distinct()
                                        .limit(Problems.MAX_LIMIT)
                                        .toList(),
                        false);
        List<Long> chosen = selection.ids();
        boolean more = selection.more();
        List<ParkedQueries.ParkedWebhook> found = parkedQueries.parked(chosen);
        String problem = null;
        if (found.isEmpty()) {
            problem = matching
                    ? "No parked webhook matches the filter: nothing to do."
                    : "No parked webhook selected: tick the ones to " + (retry ? "retry" : "discard") + " first.";
        } else if (!retry && why.isEmpty()) {
            problem = "A discard needs a reason (why these webhooks are given up): write it in the reason field.";
        }
        List<Confirmation.Field> fields = new ArrayList<>();
        fields.add(new Confirmation.Field("action", action));
        found.forEach(webhook -> fields.add(new Confirmation.Field("ids", Long.toString(webhook.parkedId()))));
        fields.add(new Confirmation.Field("reason", why));
        fields.add(new Confirmation.Field("filterState", filterState));
        fields.add(new Confirmation.Field("filterOlderThan", filterOlderThan));
        fields.add(new Confirmation.Field("more", Boolean.toString(more)));
        String heading = (retry ? "Retry " : "Discard ") + found.size() + " parked webhook"
                + (found.size() == 1 ? "" : "s") + (matching ? " matching the filter" : "")
                + (more ? " (the first " + Problems.MAX_LIMIT + "; more match: run it again afterwards)" : "");
        String explanation = retry
                ? "those whose request id belongs to an order by now are applied through the reconciler's own path;"
                        + " the others stay parked."
                : "each stays parked, kept whole, recorded as discarded by you with the reason \"" + why
                        + "\", and is never applied from then on, even should its link arrive.";
        model.addAttribute("section", "parked");
        model.addAttribute(
                "confirmation",
                new Confirmation(
                        "parked",
                        heading,
                        explanation,
                        List.of("Parked id", "State", "Request id", "Event", "Parked at"),
                        found.stream()
                                .map(webhook -> List.of(
                                        Long.toString(webhook.parkedId()),
                                        webhook.state(),
                                        webhook.requestId(),
                                        webhook.event() == null ? "" : webhook.event(),
                                        webhook.parkedAt().toString()))
                                .toList(),
                        "/console/parked/apply",
                        listUrl(filterState, filterOlderThan).toUriString(),
                        fields,
                        problem));
        return "console/confirm";
    }

    @PostMapping("/console/parked/apply")
    String apply(
            @RequestParam String action,
            @RequestParam(required = false) List<Long> ids,
            @RequestParam(required = false) String reason,
            @RequestParam(defaultValue = "waiting") String filterState,
            @RequestParam(defaultValue = "") String filterOlderThan,
            @RequestParam(defaultValue = "false") boolean more,
            Principal operator,
            RedirectAttributes redirect) {
        if (!ACTIONS.contains(action)) {
            throw Problems.badRequest("Unknown action " + action);
        }
        boolean retry = action.startsWith("retry");
        boolean matching = action.endsWith("matching");
        String why = reason == null ? "" : reason.strip();
        List<Long> chosen = ids == null
                ? List.of()
                : ids.stream().distinct().limit(Problems.MAX_LIMIT).toList();
        Map<String, Object> arguments = matching
                ? args(
                        "filter",
                        args("state", filterState, "olderThan", filterOlderThan),
                        "ids",
                        chosen,
                        "more",
                        more,
                        "via",
                        "console")
                : args("ids", chosen, "reason", retry ? null : why, "via", "console");
        List<ActionResult.Outcome> outcomes = audited.run(
                operator,
                retry ? "parked retry selected" : "parked discard",
                arguments,
                () -> {
                    if (chosen.isEmpty()) {
                        throw Problems.badRequest("No parked webhook selected; nothing was done");
                    }
                    if (!retry && why.isEmpty()) {
                        throw Problems.badRequest("A discard needs a reason; nothing was done");
                    }
                    return retry ? retry(chosen) : discard(chosen, Audited.name(operator), why);
                },
                ParkedPages::counts);
        redirect.addFlashAttribute(
                "result",
                new ActionResult(
                        "parked",
                        retry ? "Parked webhooks retried" : "Parked webhooks discarded",
                        counts(outcomes)
                                + (matching && more
                                        ? "; more than " + Problems.MAX_LIMIT + " matched the filter: retry all "
                                                + "matching again for the rest"
                                        : ""),
                        outcomes,
                        listUrl(filterState, filterOlderThan).toUriString()));
        return "redirect:/console/parked/result";
    }

    /** The outcome of the action just run (after its redirect: reloading it runs nothing again). */
    @GetMapping("/console/parked/result")
    String result(Model model) {
        if (!model.containsAttribute("result")) {
            return "redirect:/console/parked";
        }
        model.addAttribute("section", "parked");
        return "console/result";
    }

    /** Each chosen webhook's outcome: applied (with its delivery's outcome), still parked, or gone already. */
    private List<ActionResult.Outcome> retry(List<Long> chosen) {
        Map<Long, ParkedQueries.ParkedWebhook> before = byId(parkedQueries.parked(chosen));
        ParkedRetries.Result result = parked.retry(chosen, Problems.MAX_LIMIT);
        Map<String, Inbox.DeliveryOutcome> retried = result.deliveries().stream()
                .collect(Collectors.toMap(Inbox.DeliveryOutcome::deliveryId, Function.identity(), (a, b) -> a));
        Map<Long, ParkedQueries.ParkedWebhook> after = byId(parkedQueries.parked(chosen));
        List<ActionResult.Outcome> outcomes = new ArrayList<>();
        for (long id : chosen) {
            ParkedQueries.ParkedWebhook was = before.get(id);
            String key = Long.toString(id);
            if (was == null) {
                outcomes.add(new ActionResult.Outcome(key, "already-done", "no longer parked"));
            } else if (retried.containsKey(was.deliveryId())) {
                Inbox.DeliveryOutcome delivery = retried.get(was.deliveryId());
                outcomes.add(new ActionResult.Outcome(
                        key,
                        "applied",
                        delivery.outcome()
                                + (delivery.orderId() == null ? "" : " to order " + delivery.orderId())
                                + (delivery.reason() == null ? "" : ": " + delivery.reason())));
            } else if ("discarded".equals(was.state())) {
                outcomes.add(new ActionResult.Outcome(key, "already-done", "discarded: never applied"));
            } else if (after.containsKey(id)) {
                outcomes.add(new ActionResult.Outcome(
                        key,
                        "not-applicable",
                        "request " + was.requestId() + " still belongs to no order: it stays parked"));
            } else {
                outcomes.add(new ActionResult.Outcome(key, "already-done", "taken out meanwhile by its link"));
            }
        }
        return outcomes;
    }

    private List<ActionResult.Outcome> discard(List<Long> chosen, String operator, String reason) {
        Set<Long> discarded = parked.discard(chosen, operator, reason).stream()
                .map(ParkedWebhooks.Discarded::parkedId)
                .collect(Collectors.toSet());
        List<Long> rest = chosen.stream().filter(id -> !discarded.contains(id)).toList();
        Map<Long, ParkedQueries.ParkedWebhook> left = rest.isEmpty() ? Map.of() : byId(parkedQueries.parked(rest));
        return chosen.stream()
                .map(id -> {
                    String key = Long.toString(id);
                    if (discarded.contains(id)) {
                        return new ActionResult.Outcome(key, "discarded", "kept parked, never applied");
                    }
                    ParkedQueries.ParkedWebhook now = left.get(id);
                    if (now == null) {
                        return new ActionResult.Outcome(key, "already-done", "no longer parked");
                    }
                    if ("discarded".equals(now.state())) {
                        return new ActionResult.Outcome(key, "already-done", "discarded before");
                    }
                    // still parked and not discarded: skipped, locked by another request (SKIP LOCKED)
                    return new ActionResult.Outcome(key, "busy", "being handled by another request, try again");
                })
                .toList();
    }

    /** The parked webhooks an action on the filter takes, and whether more matched than it takes. */
    private record Matching(List<Long> ids, boolean more) {}

    private Matching matching(String state, String olderThan) {
        Instant cutoff = Times.ago(clock, age(olderThan));
        ParkedQueries.ParkedPage page =
                parkedQueries.parkedBefore(cutoff, ParkedController.parkedState(state), 0, Problems.MAX_LIMIT);
        List<Long> ids = page.parked().stream()
                .map(ParkedQueries.ParkedWebhook::parkedId)
                .toList();
        return new Matching(ids, page.total() > ids.size());
    }

    private static String counts(List<ActionResult.Outcome> outcomes) {
        Map<String, Long> byResult = outcomes.stream()
                .collect(Collectors.groupingBy(ActionResult.Outcome::result, TreeMap::new, Collectors.counting()));
        return outcomes.size() + " asked: "
                + byResult.entrySet().stream()
                        .map(entry -> entry.getValue() + " " + entry.getKey())
                        .collect(Collectors.joining(", "));
    }

    private static Map<Long, ParkedQueries.ParkedWebhook> byId(List<ParkedQueries.ParkedWebhook> webhooks) {
        return webhooks.stream().collect(Collectors.toMap(ParkedQueries.ParkedWebhook::parkedId, Function.identity()));
    }

    private static Duration age(String olderThan) {
        return olderThan == null || olderThan.isBlank() ? Duration.ZERO : ParkedController.duration(olderThan);
    }

    private static UriComponentsBuilder listUrl(String state, String olderThan) {
        return UriComponentsBuilder.fromPath("/console/parked")
                .queryParam("state", state)
                .queryParam("olderThan", olderThan)
                .encode();
    }
}
