package io.payrecon.reconciler.admin.orders;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.events.PaymentStatus;
import io.payrecon.reconciler.admin.Times;
import io.payrecon.reconciler.admin.audit.Audited;
import io.payrecon.reconciler.console.ConsoleController;
import io.payrecon.reconciler.console.NotFound;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.order.OrderQueries;
import io.payrecon.reconciler.order.OrderStory;
import io.payrecon.reconciler.order.OrderView;
import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's orders: a search by order or request id, status, flag and time of the last change; an order's page
 * with its story as a timeline ({@link OrderStory}); and each delivery's raw body and headers as the gateway
 * received them ({@link RawDeliveries}), read from the log, audited like the admin API's reads of a record.
 */
@ConsoleController
class OrderPages {

    static final int PAGE = 50;

    private final OrderQueries orders;
    private final OrderStory stories;
    private final Inbox inbox;
    private final RawDeliveries raw;
    private final Audited audited;

    OrderPages(OrderQueries orders, OrderStory stories, Inbox inbox, RawDeliveries raw, Audited audited) {
        this.orders = orders;
        this.stories = stories;
        this.inbox = inbox;
        this.raw = raw;
        this.audited = audited;
    }

    @GetMapping("/console/orders")
    String search(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String flag,
            @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to,
            @RequestParam(required = false) String after,
            Principal operator,
            Model model) {
        String problem = null;
        PaymentStatus asked = null;
        if (!status.isBlank()) {
            try {
                asked = PaymentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem = "Unknown status " + status + ". Nothing was searched: pick a status from the list.";
            }
        }
        String flagAsked = OrderQueries.flagNames().contains(flag.strip()) ? flag.strip() : null;
        Instant fromAt = null;
        Instant toAt = null;
        try {
            fromAt = from.isBlank() ? null : Times.instant("from", from);
            toAt = to.isBlank() ? null : Times.instant("to", to);
        } catch (ErrorResponseException e) {
            problem = e.getBody().getDetail() + ". Nothing was searched: correct the time and search again.";
        }
        OrderView.Page page;
        if (problem == null) {
            OrderQueries.Search search =
                    new OrderQueries.Search(q.isBlank() ? null : q.strip(), asked, flagAsked, fromAt, toAt);
            page = audited.run(
                    operator,
                    "orders search",
                    args(
                            "q",
                            search.idOrRequestId(),
                            "status",
                            asked == null ? null : asked.name(),
                            "flag",
                            flagAsked,
                            "from",
                            fromAt == null ? null : fromAt.toString(),
                            "to",
                            toAt == null ? null : toAt.toString(),
                            "after",
                            after,
                            "limit",
                            PAGE,
                            "via",
                            "console"),
                    () -> orders.search(search, after, PAGE),
                    found -> found.orders().size() + " listed");
        } else {
            page = new OrderView.Page(List.of(), 0, null);
        }
        model.addAttribute("section", "orders");
        model.addAttribute("orders", page.orders());
        model.addAttribute("problem", problem);
        model.addAttribute("q", q);
        model.addAttribute("status", asked == null ? "" : asked.name());
        model.addAttribute("flag", flagAsked == null ? "" : flagAsked);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute(
                "statuses",
                Arrays.stream(PaymentStatus.values()).map(Enum::name).toList());
        model.addAttribute("flags", OrderQueries.flagNames());
        model.addAttribute(
                "nextPage",
                page.next() == null
                        ? null
                        : UriComponentsBuilder.fromPath("/console/orders")
                                .queryParam("q", q)
                                .queryParam("status", status)
                                .queryParam("flag", flag)
                                .queryParam("from", from)
                                .queryParam("to", to)
                                .queryParam("after", page.next())
                                .encode()
                                .toUriString());
        return "console/orders";
    }

    /** A timeline entry as the page shows it. */
    record Event(Instant at, String kind, String ref, String what, String outcome, String detail, String link) {}

    /** The timeline shows this many of the newest entries, unless everything is asked for. */
    static final int TIMELINE = 500;

    /** Everything, when asked for, is at most this many entries. */
    static final int TIMELINE_MAX = 5_000;

    @GetMapping("/console/orders/{orderId}")
    String order(
            @PathVariable String orderId,
            @RequestParam(defaultValue = "false") boolean all,
            Principal operator,
            Model model) {
        int newest = all ? TIMELINE_MAX : TIMELINE;
        OrderView order = orders.view(orderId).orElseThrow(() -> unknown(orderId));
        OrderStory.Story story = audited.run(
                operator,
                "orders show",
                args("orderId", orderId, "newest", newest, "via", "console"),
                () -> stories.of(orderId, newest + 1).orElseThrow(() -> unknown(orderId)),
                found -> Math.min(found.entries().size(), newest) + " entries shown, status " + found.status());
        boolean older = story.entries().size() > newest;
        List<OrderStory.Entry> entries =
                older ? story.entries().subList(1, story.entries().size()) : story.entries();
        List<Event> timeline = entries.stream()
                .map(entry -> new Event(
                        entry.at(),
                        kind(entry.kind()),
                        entry.ref(),
                        entry.what(),
                        entry.outcome(),
                        entry.detail(),
                        "delivery".equals(entry.kind())
                                ? UriComponentsBuilder.fromPath("/console/orders/{orderId}/deliveries/{deliveryId}")
                                        .encode()
                                        .buildAndExpand(orderId, entry.ref())
                                        .toUriString()
                                : null))
                .toList();
        model.addAttribute("section", "orders");
        model.addAttribute("order", order);
        model.addAttribute("timeline", timeline);
        model.addAttribute(
                "olderNote",
                !older
                        ? null
                        : all
                                ? "Only the newest " + TIMELINE_MAX + " entries are shown, the most the console shows;"
                                        + " the admin API's GET /admin/orders/{orderId}/story has them all."
                                : "Only the newest " + TIMELINE + " entries are shown; older ones exist.");
        model.addAttribute(
                "allUrl",
                older && !all
                        ? UriComponentsBuilder.fromPath("/console/orders/{orderId}")
                                .queryParam("all", true)
                                .encode()
                                .buildAndExpand(orderId)
                                .toUriString()
                        : null);
        return "console/order";
    }

    @GetMapping("/console/orders/{orderId}/deliveries/{deliveryId}")
    String delivery(@PathVariable String orderId, @PathVariable String deliveryId, Principal operator, Model model) {
        OrderStory.Entry entry = stories.delivery(orderId, deliveryId)
                .orElseThrow(() -> new NotFound("Order " + orderId + " has no delivery " + deliveryId + "."));
        String requestId = inbox.outcomes(List.of(deliveryId)).stream()
                .findFirst()
                .map(Inbox.DeliveryOutcome::requestId)
                .orElse(null);
        RawDeliveries.Raw found = audited.run(
                operator,
                "delivery show",
                args("orderId", orderId, "deliveryId", deliveryId, "via", "console"),
                () -> raw.find(deliveryId, requestId, entry.at())
                        .orElseThrow(() -> new NotFound("Delivery " + deliveryId + " is no longer on the webhook topic"
                                + " (its retention dropped it), or was not found near " + entry.at()
                                + ". What became of it is on the order's page.")),
                shown -> "shown, " + shown.webhook().body().length + " bytes");
        model.addAttribute("section", "orders");
        model.addAttribute("orderId", orderId);
        model.addAttribute("entry", entry);
        model.addAttribute("raw", found);
        model.addAttribute(
                "headers",
                found.webhook().headers().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .toList());
        return "console/delivery";
    }

    private static NotFound unknown(String orderId) {
        return new NotFound("There is no order " + orderId + ": the reconciler has not heard of it.");
    }

    /** The story's kinds under the names the timeline shows. */
    private static String kind(String storyKind) {
        return switch (storyKind) {
            case "link" -> "link-event";
            case "observation" -> "poll";
            default -> storyKind;
        };
    }
}
