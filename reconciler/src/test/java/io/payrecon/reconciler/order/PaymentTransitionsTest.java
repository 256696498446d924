package io.payrecon.reconciler.order;

import static io.payrecon.events.PaymentStatus.AWAITING_PAYMENT;
import static io.payrecon.events.PaymentStatus.EXPIRED;
import static io.payrecon.events.PaymentStatus.PAID;
import static io.payrecon.events.PaymentStatus.PARTIALLY_PAID;
import static io.payrecon.events.PaymentStatus.REFUNDED;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.LINK_CREATED;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.LINK_EXPIRED;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.LINK_RENEWED;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.NOT_ABOUT_PAYMENT;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.OBSERVED_PAID;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.OBSERVED_PARTLY_PAID;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.OBSERVED_UNPAID;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.PAYMENT_CONFIRMED;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.PAYMENT_FAILED;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.PAYMENT_PARTIAL;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.PAYMENT_PROCESSING;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.PAYMENT_REFUNDED;
import static io.payrecon.reconciler.order.PaymentTransitionsTest.Column.UNKNOWN_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the transition table, one named case each: given an order in a status, when an input arrives, then
 * the status it ends in, whether it changed, and the flags it raised. The orders expect 100 on request A (link
 * {@code tok-1}); a partly paid one received 40, a paid one 100, a refunded one 100 refunded in full. A second test
 * proves the cases cover every status × input exactly once, so a new status or input fails here until decided.
 */
class PaymentTransitionsTest {

    private static final String A = "req-a";
    private static final String B = "req-b";
    private static final Instant OPENED = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant LINK_EXPIRES = OPENED.plus(Duration.ofDays(7));
    private static final Instant PAID_AT = OPENED.plus(Duration.ofHours(1));

    private static final List<Cell> CELLS = List.of(
            // AWAITING_PAYMENT: nothing received yet
            stays(AWAITING_PAYMENT, LINK_CREATED),
            stays(AWAITING_PAYMENT, LINK_RENEWED),
            moves(AWAITING_PAYMENT, LINK_EXPIRED, EXPIRED),
            moves(AWAITING_PAYMENT, PAYMENT_PARTIAL, PARTIALLY_PAID),
            moves(AWAITING_PAYMENT, PAYMENT_CONFIRMED, PAID),
            moves(AWAITING_PAYMENT, PAYMENT_FAILED, PaymentStatus.PAYMENT_FAILED),
            moves(AWAITING_PAYMENT, PAYMENT_REFUNDED, REFUNDED),
            moves(AWAITING_PAYMENT, OBSERVED_PAID, PAID),
            moves(AWAITING_PAYMENT, OBSERVED_PARTLY_PAID, PARTIALLY_PAID),
            stays(AWAITING_PAYMENT, OBSERVED_UNPAID),
            stays(AWAITING_PAYMENT, PAYMENT_PROCESSING),
            stays(AWAITING_PAYMENT, NOT_ABOUT_PAYMENT),
            stays(AWAITING_PAYMENT, UNKNOWN_EVENT),
            // PARTIALLY_PAID: 40 of 100 received
            stays(PARTIALLY_PAID, LINK_CREATED),
            stays(PARTIALLY_PAID, LINK_RENEWED),
            stays(PARTIALLY_PAID, LINK_EXPIRED),
            countsMoney(PARTIALLY_PAID, PAYMENT_PARTIAL),
            moves(PARTIALLY_PAID, PAYMENT_CONFIRMED, PAID),
            stays(PARTIALLY_PAID, PAYMENT_FAILED),
            moves(PARTIALLY_PAID, PAYMENT_REFUNDED, REFUNDED),
            moves(PARTIALLY_PAID, OBSERVED_PAID, PAID),
            countsMoney(PARTIALLY_PAID, OBSERVED_PARTLY_PAID),
            stays(PARTIALLY_PAID, OBSERVED_UNPAID),
            stays(PARTIALLY_PAID, PAYMENT_PROCESSING),
            stays(PARTIALLY_PAID, NOT_ABOUT_PAYMENT),
            stays(PARTIALLY_PAID, UNKNOWN_EVENT),
            // PAID: 100 of 100 received
            stays(PAID, LINK_CREATED),
            stays(PAID, LINK_RENEWED),
            stays(PAID, LINK_EXPIRED),
            stays(PAID, PAYMENT_PARTIAL),
            stays(PAID, PAYMENT_CONFIRMED),
            stays(PAID, PAYMENT_FAILED),
            moves(PAID, PAYMENT_REFUNDED, REFUNDED),
            stays(PAID, OBSERVED_PAID),
            stays(PAID, OBSERVED_PARTLY_PAID),
            stays(PAID, OBSERVED_UNPAID),
            stays(PAID, PAYMENT_PROCESSING),
            stays(PAID, NOT_ABOUT_PAYMENT),
            stays(PAID, UNKNOWN_EVENT),
            // PAYMENT_FAILED: an attempt failed, nothing received
            stays(PaymentStatus.PAYMENT_FAILED, LINK_CREATED),
            moves(PaymentStatus.PAYMENT_FAILED, LINK_RENEWED, AWAITING_PAYMENT),
            moves(PaymentStatus.PAYMENT_FAILED, LINK_EXPIRED, EXPIRED),
            moves(PaymentStatus.PAYMENT_FAILED, PAYMENT_PARTIAL, PARTIALLY_PAID),
            moves(PaymentStatus.PAYMENT_FAILED, PAYMENT_CONFIRMED, PAID),
            stays(PaymentStatus.PAYMENT_FAILED, PAYMENT_FAILED),
            moves(PaymentStatus.PAYMENT_FAILED, PAYMENT_REFUNDED, REFUNDED),
            moves(PaymentStatus.PAYMENT_FAILED, OBSERVED_PAID, PAID),
            moves(PaymentStatus.PAYMENT_FAILED, OBSERVED_PARTLY_PAID, PARTIALLY_PAID),
            stays(PaymentStatus.PAYMENT_FAILED, OBSERVED_UNPAID),
            stays(PaymentStatus.PAYMENT_FAILED, PAYMENT_PROCESSING),
            stays(PaymentStatus.PAYMENT_FAILED, NOT_ABOUT_PAYMENT),
            stays(PaymentStatus.PAYMENT_FAILED, UNKNOWN_EVENT),
            // EXPIRED: the link expired, nothing received; money arriving now is paid after expiry
            stays(EXPIRED, LINK_CREATED),
            moves(EXPIRED, LINK_RENEWED, AWAITING_PAYMENT),
            stays(EXPIRED, LINK_EXPIRED),
            moves(EXPIRED, PAYMENT_PARTIAL, PARTIALLY_PAID, OrderFlag.PAID_AFTER_EXPIRY),
            moves(EXPIRED, PAYMENT_CONFIRMED, PAID, OrderFlag.PAID_AFTER_EXPIRY),
            stays(EXPIRED, PAYMENT_FAILED),
            moves(EXPIRED, PAYMENT_REFUNDED, REFUNDED),
            moves(EXPIRED, OBSERVED_PAID, PAID, OrderFlag.PAID_AFTER_EXPIRY),
            moves(EXPIRED, OBSERVED_PARTLY_PAID, PARTIALLY_PAID, OrderFlag.PAID_AFTER_EXPIRY),
            stays(EXPIRED, OBSERVED_UNPAID),
            stays(EXPIRED, PAYMENT_PROCESSING),
            stays(EXPIRED, NOT_ABOUT_PAYMENT),
            stays(EXPIRED, UNKNOWN_EVENT),
            // REFUNDED: 100 received, 100 given back
            stays(REFUNDED, LINK_CREATED),
            stays(REFUNDED, LINK_RENEWED),
            stays(REFUNDED, LINK_EXPIRED),
            stays(REFUNDED, PAYMENT_PARTIAL),
            stays(REFUNDED, PAYMENT_CONFIRMED),
            stays(REFUNDED, PAYMENT_FAILED),
            stays(REFUNDED, PAYMENT_REFUNDED),
            stays(REFUNDED, OBSERVED_PAID),
            stays(REFUNDED, OBSERVED_PARTLY_PAID),
            stays(REFUNDED, OBSERVED_UNPAID),
            stays(REFUNDED, PAYMENT_PROCESSING),
            stays(REFUNDED, NOT_ABOUT_PAYMENT),
            stays(REFUNDED, UNKNOWN_EVENT));

    static Stream<Arguments> cells() {
        return CELLS.stream().map(cell -> Arguments.argumentSet(cell.toString(), cell));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void everyCellOfTheTableDoesWhatItSays(Cell cell) {
        Order given = given(cell.status());

        Transition transition = when(given, cell.input());

        if (cell.changes()) {
            assertThat(transition).isInstanceOf(Transition.Changed.class);
            Transition.Changed changed = (Transition.Changed) transition;
            assertThat(changed.previousStatus()).isEqualTo(cell.status());
            assertThat(changed.order().status()).isEqualTo(cell.then());
            assertThat(changed.order().sequence()).isEqualTo(given.sequence() + 1);
            assertThat(changed.order().flags()).containsExactlyInAnyOrderElementsOf(cell.flags());
            assertThat(changed.order().paidAmount()).isGreaterThanOrEqualTo(given.paidAmount());
        } else {
            assertThat(transition).isInstanceOf(Transition.Unchanged.class);
            assertThat(((Transition.Unchanged) transition).reason()).isNotBlank();
        }
    }

    @Test
    void everyKindOfFactIsAColumn() {
        Set<Class<?>> kinds = new HashSet<>();
        for (Column column : Column.values()) {
            kinds.add(column.kind);
        }
        assertThat(kinds).isEqualTo(concreteKinds(PaymentFact.class));
    }

    private static Set<Class<?>> concreteKinds(Class<?> type) {
        if (!type.isSealed()) {
            return Set.of(type);
        }
        Set<Class<?>> kinds = new HashSet<>();
        for (Class<?> permitted : type.getPermittedSubclasses()) {
            kinds.addAll(concreteKinds(permitted));
        }
        return kinds;
    }

    @Test
    void theCasesCoverEveryStatusTimesEveryInputExactlyOnce() {
        Set<String> covered = new HashSet<>();
        for (Cell cell : CELLS) {
            assertThat(covered.add(cell.status() + "×" + cell.input()))
                    .as("%s × %s is listed twice", cell.status(), cell.input())
                    .isTrue();
        }
        assertThat(covered).hasSize(PaymentStatus.values().length * Column.values().length);
    }

    @Test
    void noCellLeavesPaidExceptForRefundedNorLeavesRefunded() {
        for (Cell cell : CELLS) {
            if (cell.status() == PAID && cell.changes()) {
                assertThat(cell.then()).isIn(PAID, REFUNDED);
            }
            if (cell.status() == REFUNDED) {
                assertThat(cell.changes()).isFalse();
            }
        }
    }

    /** The order each status stands for, as the cases describe it. */
    static Order given(PaymentStatus status) {
        BigDecimal paid = switch (status) {
            case PARTIALLY_PAID -> new BigDecimal("40");
            case PAID, REFUNDED -> new BigDecimal("100");
            case AWAITING_PAYMENT, PAYMENT_FAILED, EXPIRED -> BigDecimal.ZERO;
        };
        BigDecimal refunded = status == REFUNDED ? new BigDecimal("100") : BigDecimal.ZERO;
        Map<String, Order.PaymentRequest> requests = new LinkedHashMap<>();
        requests.put(A, new Order.PaymentRequest(paid, refunded, LINK_EXPIRES, null));
        return new Order(
                "order-1", status, new BigDecimal("100"), "USDC", requests, "tok-1", LINK_EXPIRES, Set.of(), 3);
    }

    /** The fact each input stands for, applied as the reconciliation applies it. */
    static Transition when(Order order, Column input) {
        Instant renewedExpiry = LINK_EXPIRES.plus(Duration.ofDays(7));
        return switch (input) {
            case LINK_CREATED ->
                order.withLink("tok-2", renewedExpiry, List.of(B)).apply(new PaymentFact.LinkCreated("tok-2"));
            case LINK_RENEWED ->
                order.withLink("tok-2", renewedExpiry, List.of(B)).apply(new PaymentFact.LinkRenewed("tok-2"));
            case LINK_EXPIRED -> order.apply(new PaymentFact.LinkExpired("tok-1"));
            case PAYMENT_PARTIAL ->
                order.apply(new PaymentFact.PaymentPartial(A, new BigDecimal("60"), "USDC", PAID_AT));
            case PAYMENT_CONFIRMED ->
                order.apply(new PaymentFact.PaymentConfirmed(A, new BigDecimal("100"), "USDC", PAID_AT));
            case PAYMENT_FAILED -> order.apply(new PaymentFact.PaymentFailed(A, "insufficient_funds"));
            case PAYMENT_REFUNDED -> order.apply(new PaymentFact.PaymentRefunded(A, null));
            case OBSERVED_PAID -> order.apply(observed(true, "100"));
            case OBSERVED_PARTLY_PAID -> order.apply(observed(false, "60"));
            case OBSERVED_UNPAID -> order.apply(observed(false, "0"));
            case PAYMENT_PROCESSING -> order.apply(new PaymentFact.PaymentProcessing("payment.processing"));
            case NOT_ABOUT_PAYMENT -> order.apply(new PaymentFact.NotAboutPayment("compliance.updated"));
            case UNKNOWN_EVENT -> order.apply(new PaymentFact.UnknownEvent("payment.teleported"));
        };
    }

    private static PaymentFact.ProviderObserved observed(boolean hasBeenPaid, String paid) {
        BigDecimal amount = new BigDecimal(paid);
        List<BigDecimal> payments = amount.signum() == 0 ? List.of() : List.of(amount);
        return new PaymentFact.ProviderObserved(
                A, hasBeenPaid, amount, null, payments, "USDC", PAID_AT, PAID_AT, hasBeenPaid ? "paid" : "pending");
    }

    /**
     * The table's columns: each kind of fact, and a provider observation three times, by what the provider saw (paid,
     * some money, none).
     */
    enum Column {
        LINK_CREATED(PaymentFact.LinkCreated.class),
        LINK_RENEWED(PaymentFact.LinkRenewed.class),
        LINK_EXPIRED(PaymentFact.LinkExpired.class),
        PAYMENT_PARTIAL(PaymentFact.PaymentPartial.class),
        PAYMENT_CONFIRMED(PaymentFact.PaymentConfirmed.class),
        PAYMENT_FAILED(PaymentFact.PaymentFailed.class),
        PAYMENT_REFUNDED(PaymentFact.PaymentRefunded.class),
        OBSERVED_PAID(PaymentFact.ProviderObserved.class),
        OBSERVED_PARTLY_PAID(PaymentFact.ProviderObserved.class),
        OBSERVED_UNPAID(PaymentFact.ProviderObserved.class),
        PAYMENT_PROCESSING(PaymentFact.PaymentProcessing.class),
        NOT_ABOUT_PAYMENT(PaymentFact.NotAboutPayment.class),
        UNKNOWN_EVENT(PaymentFact.UnknownEvent.class);

        final Class<? extends PaymentFact> kind;

        Column(Class<? extends PaymentFact> kind) {
            this.kind = kind;
        }
    }

    /**
     * One cell of the table.
     *
     * @param then the status after the input ({@code status} itself when it stays)
     * @param changes whether the order changed (a new history row and status event)
     */
    record Cell(PaymentStatus status, Column input, PaymentStatus then, boolean changes, List<OrderFlag> flags) {
        @Override
        public String toString() {
            String outcome = !changes ? "stays, unchanged" : then == status ? "stays, money counted" : "-> " + then;
            return status + " × " + input + ": " + outcome + (flags.isEmpty() ? "" : " " + flags);
        }
    }

    private static Cell moves(PaymentStatus status, Column input, PaymentStatus then, OrderFlag... flags) {
        return new Cell(status, input, then, true, new ArrayList<>(List.of(flags)));
    }

    private static Cell countsMoney(PaymentStatus status, Column input) {
        return new Cell(status, input, status, true, List.of());
    }

    private static Cell stays(PaymentStatus status, Column input) {
        return new Cell(status, input, status, false, List.of());
    }
}
