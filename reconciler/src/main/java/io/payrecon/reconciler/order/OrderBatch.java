package io.payrecon.reconciler.order;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.reconciler.polling.Polls;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders one batch touches, locked, and what the batch did to them. Changes are applied in memory, record by
 * record in log order, and written at the end in a few statements ({@link #flush}): the orders, their requests,
 * and their history rows, all in the batch's transaction; the changes it answers go to the caller's
 * {@link StatusSink}.
 */
final class OrderBatch {

    private static final Logger log = LoggerFactory.getLogger(OrderBatch.class);

    private final Map<String, Order> read;
    private final Map<String, Order> current;
    private final Set<String> opened = new LinkedHashSet<>();
    private final Map<String, String> owners;
    private final Map<String, Polls.NewRequest> newRequests = new LinkedHashMap<>();
    private final Map<String, UUID> newRequestCauses = new HashMap<>();
    private final List<OrderChange> history = new ArrayList<>();
    private final List<OrderChange> changes = new ArrayList<>();
    private final Instant now;

    /**
     * @param locked the orders as read, their rows locked
     * @param owners which order each request id of the batch belongs to, as far as known before the batch
     */
    OrderBatch(Map<String, Order> locked, Map<String, String> owners, Instant now) {
        this.read = Map.copyOf(locked);
        this.current = new TreeMap<>(locked);
        this.owners = new HashMap<>(owners);
        this.now = now;
    }

    boolean contains(String orderId) {
        return current.containsKey(orderId);
    }

    /** The order as the batch has it now: as read, with the batch's changes so far. */
    Order order(String orderId) {
        return Objects.requireNonNull(current.get(orderId), () -> "order " + orderId + " is not locked");
    }

    /** Opens an order awaiting payment (sequence 0): a history row, no status event. */
    void open(Transition.Changed opening, OrderPaymentStatusChanged.Cause cause) {
        Order order = opening.order();
        current.put(order.id(), order);
        opened.add(order.id());
        history.add(OrderChange.opening(order, cause, now));
        log.debug("Order {} opened awaiting {} {} by {}", order.id(), order.expectedAmount(), order.currency(), cause);
    }

    /**
     * Makes a link the order's current one and maps its request ids to the order. A request id that already belongs
     * to another order stays with it (logged: the provider never reuses one, so it is a mistake upstream).
     *
     * @return the request ids mapped to the order now, which were not before
     */
    List<String> link(String orderId, LinkOfOrder link, UUID causeEventId) {
        List<String> added = new ArrayList<>();
        for (String requestId : link.requestIds()) {
            String owner = owners.putIfAbsent(requestId, orderId);
            if (owner == null) {
                added.add(requestId);
                newRequests.put(
                        requestId, new Polls.NewRequest(requestId, orderId, link.createdAt(), link.expiresAt()));
                newRequestCauses.put(requestId, causeEventId);
            } else if (!owner.equals(orderId)) {
                log.warn(
                        "Request {} of order {} in link event {} already belongs to order {}: left there",
                        requestId,
                        orderId,
                        causeEventId,
                        owner);
            }
        }
        // a link's amount is its request's when it has one; how it splits over several is not told
        BigDecimal amount = link.requestIds().size() == 1 ? link.amount() : null;
        current.put(orderId, current.get(orderId).withLink(link.token(), link.expiresAt(), added, amount));
        return added;
    }

    /** The link a link event brings: its token, request ids, times, and what it asks for ({@code null}: not told). */
    record LinkOfOrder(
            String token, List<String> requestIds, Instant createdAt, Instant expiresAt, BigDecimal amount) {}

    /**
     * Applies a fact to an order of the batch. A change goes into the order's history and, as every change after
     * the opening does, emits {@code order.payment-status-changed} with the order's next sequence.
     */
    Transition apply(String orderId, PaymentFact fact, OrderPaymentStatusChanged.Cause cause) {
        Order before = Objects.requireNonNull(current.get(orderId), () -> "order " + orderId + " is not locked");
        Transition transition = before.apply(fact);
        if (transition instanceof Transition.Changed changed) {
            Order order = changed.order();
            current.put(orderId, order);
            OrderChange change = OrderChange.change(order, changed.previousStatus(), cause, now);
            history.add(change);
            changes.add(change);
            logChange(before, order, cause);
        }
        return transition;
    }

    /**
     * Writes everything the batch did, in the caller's transaction, and schedules polls for new request ids.
     *
     * @return the changes of open orders, in the order they were made: each emits its status event
     */
    List<OrderChange> flush(Orders orders, Polls polls) {
        List<Order> inserted = new ArrayList<>();
        List<Order> updated = new ArrayList<>();
        Map<String, Long> sequencesRead = new HashMap<>();
        List<Orders.RequestRow> requestsAdded = new ArrayList<>();
        List<Orders.RequestRow> requestsChanged = new ArrayList<>();
        for (Order order : current.values()) {
            if (opened.contains(order.id())) {
                inserted.add(order);
            } else if (!order.equals(read.get(order.id()))) {
                updated.add(order);
                sequencesRead.put(order.id(), read.get(order.id()).sequence());
            }
            Order before = read.get(order.id());
            order.requests().forEach((requestId, request) -> {
                if (newRequests.containsKey(requestId)) {
                    requestsAdded.add(
                            new Orders.RequestRow(requestId, order.id(), request, newRequestCauses.get(requestId)));
                } else if (before != null && !request.equals(before.requests().get(requestId))) {
                    requestsChanged.add(new Orders.RequestRow(requestId, order.id(), request, null));
                }
            });
        }
        orders.insert(inserted, now);
        orders.update(updated, sequencesRead, now);
        orders.insertRequests(requestsAdded, now);
        orders.updateRequests(requestsChanged);
        orders.recordHistory(history);
        polls.schedule(List.copyOf(newRequests.values()));
        return List.copyOf(changes);
    }

    /** How many status events the batch emits. */
    int statusEvents() {
        return changes.size();
    }

    private static void logChange(Order before, Order after, OrderPaymentStatusChanged.Cause cause) {
        Set<OrderFlag> raised = EnumSet.noneOf(OrderFlag.class);
        raised.addAll(after.flags());
        raised.removeAll(before.flags());
        if (!raised.isEmpty()) {
            // rare, and what an operator must see: worth a line at INFO
            log.info(
                    "Order {} flagged {} ({} -> {}, paid {} of {}) by {} {} delivery {}",
                    after.id(),
                    Orders.wireNames(raised),
                    before.status(),
                    after.status(),
                    after.paidAmount().toPlainString(),
                    after.expectedAmount().toPlainString(),
                    cause.kind(),
                    cause.eventId(),
                    cause.deliveryId());
        } else if (log.isDebugEnabled()) {
            log.debug(
                    "Order {} {} -> {} (sequence {}, paid {} of {}) by {} {}",
                    after.id(),
                    before.status(),
                    after.status(),
                    after.sequence(),
                    after.paidAmount().toPlainString(),
                    after.expectedAmount().toPlainString(),
                    cause.kind(),
                    cause.eventId());
        }
    }
}
