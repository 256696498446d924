package io.payrecon.reconciler.admin;

import static io.payrecon.reconciler.admin.Audited.args;

import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.order.OrderStory;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What operators look at: parked webhooks, dead letters, an order's whole story, and the audit log. Requires an
 * operator's own key in {@code X-Admin-Key} (see the access package); every read, the audit log's included, is written
 * to the audit log under that operator's name.
 */
@RestController
@RequestMapping("/admin")
public class AdminController {

    static final int MAX_LIMIT = 1000;

    private final Inbox inbox;
    private final OrderStory stories;
    private final OpsAudit audit;
    private final Audited audited;
    private final Clock clock;
    private final Duration alertAge;

    AdminController(
            Inbox inbox,
            OrderStory stories,
            OpsAudit audit,
            Audited audited,
            Clock clock,
            ReconcilerProperties properties) {
        this.inbox = inbox;
        this.stories = stories;
        this.audit = audit;
        this.audited = audited;
        this.clock = clock;
        this.alertAge = properties.parkedAlertAge();
    }

    /**
     * Webhooks parked for longer than {@code olderThan} (default {@code reconciler.parked-alert-age}): their payment
     * link has not arrived. {@code state}: {@code waiting} (the default: those still waited for, as the stale-parking
     * alert counts them), {@code foreign} (no link of ours came within {@code reconciler.parked.foreign-after}: kept,
     * no longer waited for, each with the recorded reason) or {@code all}. Oldest first, paged by key: pass the last
     * entry's {@code parkedId} as {@code after}.
     */
    @GetMapping("/parked")
    ParkedWebhooks parked(
            @RequestParam(required = false) String olderThan,
            @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit,
            Principal operator) {
        return audited.run(
                operator,
                "parked list",
                args("olderThan", olderThan, "state", state, "after", after, "limit", limit),
                () -> {
                    Duration age = olderThan == null || olderThan.isBlank() ? alertAge : duration(olderThan);
                    Inbox.ParkedState which = parkedState(state);
                    Instant cutoff = clock.instant().minus(age);
                    Inbox.ParkedPage page = inbox.parkedBefore(cutoff, which, after, limit(limit));
                    return new ParkedWebhooks(age.toString(), which.wireName(), cutoff, page.total(), page.parked());
                },
                parked -> parked.parked().size() + " of " + parked.total() + " " + parked.state() + " listed");
    }

    /** The order's whole story in time order: links, deliveries, observations, transitions, status events. */
    @GetMapping("/orders/{orderId}/story")
    OrderStory.Story story(@PathVariable String orderId, Principal operator) {
        return audited.run(
                operator,
                "orders show",
                args("orderId", orderId),
                () -> stories.of(orderId)
                        .orElseThrow(() -> Problems.notFound("The reconciler has never heard of order " + orderId
                                + ": check the id, or whether its payment-link.created is in the dead letters")),
                story -> story.entries().size() + " entries, status " + story.status());
    }

    /**
     * The audit log, newest first; only one operator's operations when {@code operator} is given. Paged by key: pass
     * the last entry's {@code id} as {@code before} for the next page. Reading it is audited like every operation;
     * the list ends just before this read's own entry.
     */
    @GetMapping("/audit")
    List<OpsAudit.Entry> audit(
            @RequestParam(name = "operator", required = false) String by,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit,
            Principal operator) {
        String only = by == null || by.isBlank() ? null : by.strip();
        return audited.runAs(
                operator,
                "audit list",
                args("operator", only, "before", before, "limit", limit),
                entry -> audit.latest(only, before == null ? entry : Math.min(before, entry), limit(limit)),
                listed -> listed.size() + " listed");
    }

    /**
     * @param olderThan the age asked for, ISO-8601 ({@code PT1H})
     * @param state which were asked for: {@code waiting}, {@code foreign} or {@code all}
     * @param total how many webhooks in that state are parked for longer, of which {@code parked} lists the oldest
     */
    record ParkedWebhooks(
            String olderThan, String state, Instant parkedBefore, long total, List<Inbox.ParkedWebhook> parked) {}

    private static Inbox.ParkedState parkedState(String state) {
        if (state == null || state.isBlank()) {
            return Inbox.ParkedState.WAITING;
        }
        for (Inbox.ParkedState candidate : Inbox.ParkedState.values()) {
            if (candidate.wireName().equalsIgnoreCase(state.strip())) {
                return candidate;
            }
        }
        throw Problems.badRequest("state must be waiting, foreign or all, got " + state);
    }

    private static Duration duration(String value) {
        try {
            Duration age = DurationStyle.detectAndParse(value.strip());
            if (age.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return age;
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("olderThan must be a duration such as 30m, 1h or PT1H, got " + value);
        }
    }

    static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problems.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
