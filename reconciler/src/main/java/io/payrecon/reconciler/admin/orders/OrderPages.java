package io.payrecon.reconciler.admin.orders;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.events.PaymentStatus;
import io.payrecon.reconciler.admin.audit.Audited;
import io.payrecon.reconciler.console.ConsoleController;
import io.payrecon.reconciler.console.NotFound;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.order.OrderQueries;
import io.payrecon.reconciler.order.OrderStory;
import io.payrecon.reconciler.order.OrderView;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.ui.Model;
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
            Model model) {
        String problem = null;
        PaymentStatus asked = null;
        if (!status.isBlank()) {
            try {
                asked = PaymentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem = "Unknown status " + status;
            }
        }
        String flagAsked = OrderQueries.flagNames().contains(flag.strip()) ? flag.strip() : null;
        Instant fromAt = null;
        Instant toAt = null;
        try {
            fromAt = time(from);
            toAt = time(to);
        } catch (DateTimeParseException e) {
            problem = "Times are like 2026-12-05T14:30 (UTC)";
        }
        OrderView.Page page = orders.search(
                new OrderQueries.Search(q.isBlank() ? null : q.strip(), asked, flagAsked, fromAt, toAt), after, PAGE);
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

    @GetMapping("/console/orders/{orderId}")
    String order(@PathVariable String orderId, Model model) {
        OrderView order = orders.view(orderId).orElseThrow(() -> unknown(orderId));
        OrderStory.Story story = stories.of(orderId).orElseThrow(() -> unknown(orderId));
        List<Event> timeline = story.entries().stream()
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
        return "console/order";
    }

    @GetMapping("/console/orders/{orderId}/deliveries/{deliveryId}")
    String delivery(@PathVariable String orderId, @PathVariable String deliveryId, Principal operator, Model model) {
        OrderStory.Story story = stories.of(orderId).orElseThrow(() -> unknown(orderId));
        OrderStory.Entry entry = story.entries().stream()
                .filter(candidate -> "delivery".equals(candidate.kind()) && deliveryId.equals(candidate.ref()))
                .findFirst()
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
                        .sorted(java.util.Map.Entry.comparingByKey())
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

    /** A time as a datetime-local field sends it, taken as UTC; or an instant. */
    private static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String time = value.strip();
        return time.endsWith("Z")
                ? Instant.parse(time)
                : LocalDateTime.parse(time).toInstant(ZoneOffset.UTC);
    }
}
