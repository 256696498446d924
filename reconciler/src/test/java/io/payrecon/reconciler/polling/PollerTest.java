package io.payrecon.reconciler.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.ProviderStatusObserved.ObservedPayment;
import io.payrecon.requestclient.RequestStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a poll's answer becomes: the observation appended for the reconciler, and the poll's recorded outcome. */
class PollerTest {

    private static final String REQUEST = "01e273ecc29d4b526df3a0f1f05ffc59372af8752c2b678096e49ac270416a7cdb";
    private static final Instant POLLED = Instant.parse("2026-10-01T11:00:00Z");
    private static final Instant FIRST = Instant.parse("2026-10-01T10:05:00Z");
    private static final Instant SECOND = Instant.parse("2026-10-01T10:35:00Z");

    @Test
    void theOpenApisPaidExampleIsPaidWithItsTransactionAndNoAmount() {
        RequestStatus paid = status(true, "0xabc", null, null, List.of());

        ProviderStatusObserved observed = Poller.observation(REQUEST, paid, POLLED);

        assertThat(observed.hasBeenPaid()).isTrue();
        assertThat(observed.paidAmount()).isNull();
        assertThat(observed.remainingAmount()).isNull();
        assertThat(observed.requestAmount()).isNull();
        assertThat(observed.payments()).containsExactly(new ObservedPayment("0xabc", null, null, null));
        assertThat(observed.breakdownPayments()).isEmpty();
        assertThat(observed.occurredAt()).isEqualTo(POLLED);
        assertThat(Poller.outcome(paid)).isEqualTo("paid in full (no breakdown: one payment)");
    }

    @Test
    void theSandboxsFullSinglePaymentKeepsItsItemAndAddsNoSecondEntryForTheSameTransaction() {
        RequestStatus paid = status(
                true, "0xabc", "paid", null, List.of(new RequestStatus.Payment("0xabc", amount("100"), "USDC", FIRST)));

        ProviderStatusObserved observed = Poller.observation(REQUEST, paid, POLLED);

        assertThat(observed.payments()).containsExactly(new ObservedPayment("0xabc", amount("100"), "USDC", FIRST));
        assertThat(observed.paidAmount()).isNull();
        assertThat(observed.status()).isEqualTo("paid");
    }

    @Test
    void aPartlyPaidRequestTellsWhatItReceivedAndWhatRemainsByItsBreakdown() {
        RequestStatus partly = status(
                false,
                "0xaaa",
                "partially_paid",
                new RequestStatus.ConversionBreakdown(
                        amount("40"), amount("60"), List.of(new RequestStatus.BreakdownPayment(amount("40"), FIRST))),
                List.of(new RequestStatus.Payment("0xaaa", amount("40"), "USDC", FIRST)));

        ProviderStatusObserved observed = Poller.observation(REQUEST, partly, POLLED);

        assertThat(observed.hasBeenPaid()).isFalse();
        assertThat(observed.paidAmount()).isEqualByComparingTo("40");
        assertThat(observed.remainingAmount()).isEqualByComparingTo("60");
        assertThat(observed.breakdownPayments()).containsExactly(new ObservedPayment(null, amount("40"), null, FIRST));
        assertThat(Poller.outcome(partly)).isEqualTo("not paid, 40 received, 60 remaining, status partially_paid");
    }

    @Test
    void itemsWithoutTheAnswersTransactionGetItAddedWithoutAnAmount() {
        RequestStatus paid = status(
                true,
                "0xbbb",
                null,
                new RequestStatus.ConversionBreakdown(
                        amount("100"),
                        amount("0"),
                        List.of(
                                new RequestStatus.BreakdownPayment(amount("50"), FIRST),
                                new RequestStatus.BreakdownPayment(amount("50"), SECOND))),
                List.of(new RequestStatus.Payment(null, amount("50"), null, null)));

        ProviderStatusObserved observed = Poller.observation(REQUEST, paid, POLLED);

        assertThat(observed.payments())
                .containsExactly(
                        new ObservedPayment(null, amount("50"), null, null),
                        new ObservedPayment("0xbbb", null, null, null));
        assertThat(observed.breakdownPayments()).hasSize(2);
        assertThat(observed.paidAmount()).isEqualByComparingTo("100");
    }

    @Test
    void anUnpaidRequestHasNothingToCount() {
        RequestStatus unpaid = status(false, null, "pending", null, List.of());

        ProviderStatusObserved observed = Poller.observation(REQUEST, unpaid, POLLED);

        assertThat(observed.payments()).isEmpty();
        assertThat(observed.paidAmount()).isNull();
        assertThat(Poller.outcome(unpaid)).isEqualTo("not paid, status pending");
    }

    private static RequestStatus status(
            boolean paid,
            String txHash,
            String status,
            RequestStatus.ConversionBreakdown breakdown,
            List<RequestStatus.Payment> payments) {
        return new RequestStatus(REQUEST, "0x2c3366941274c34c", paid, txHash, status, null, breakdown, payments, null);
    }

    private static BigDecimal amount(String value) {
        return new BigDecimal(value);
    }
}
