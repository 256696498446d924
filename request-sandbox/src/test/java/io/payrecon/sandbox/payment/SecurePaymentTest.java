package io.payrecon.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurePaymentTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    private final SecurePayment link = new SecurePayment(
            "01KJRA0M9QG8MA4X887908T8A4",
            NOW,
            NOW.plus(Duration.ofDays(7)),
            "order-1001",
            null,
            null,
            null,
            SecurePayment.Creator.API_KEY,
            List.of(new SecurePayment.Terms(
                    SecurePayment.newRequestId(),
                    SecurePayment.newPaymentReference(),
                    new BigDecimal("10.50"),
                    "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7@eip155:11155111#1F969856:0x370DE27fdb7D1Ff1e1BaA7D11c5820a324Cf623C",
                    "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7",
                    "sepolia",
                    "USDC",
                    6)),
            fact -> {});

    @Test
    void aConfirmationPaysWhatRemains() {
        link.settle(null, Outcome.PARTIAL, new BigDecimal("4.00"), NOW);

        Settlement confirmed = link.settle(null, Outcome.CONFIRMED, null, NOW);

        assertThat(confirmed.amount()).isEqualByComparingTo("6.50");
        assertThat(confirmed.totalAmountPaid()).isEqualByComparingTo("10.50");
        assertThat(link.status(NOW)).isEqualTo(SecurePayment.Status.COMPLETED);
    }

    @Test
    void aPartialPaymentPaysHalfOfWhatRemainsByDefault() {
        Settlement partial = link.settle(null, Outcome.PARTIAL, null, NOW);

        assertThat(partial.amount()).isEqualByComparingTo("5.25");
        assertThat(link.status(NOW)).isEqualTo(SecurePayment.Status.PENDING);
    }

    @Test
    void aSecondConfirmationOfAPaidLinkPaysTheFullAmountAgain() {
        link.settle(null, Outcome.CONFIRMED, null, NOW);

        Settlement duplicate = link.settle(null, Outcome.CONFIRMED, null, NOW);

        assertThat(duplicate.amount()).isEqualByComparingTo("10.50");
        assertThat(duplicate.totalAmountPaid()).isEqualByComparingTo("21.00");
    }

    @Test
    void aFailureMovesNoMoney() {
        Settlement failed = link.settle(null, Outcome.FAILED, new BigDecimal("3"), NOW);

        assertThat(failed.amount()).isZero();
        assertThat(failed.txHash()).isNull();
        assertThat(link.stateOf(failed.request().requestId()).paid()).isZero();
    }

    @Test
    void refusesAConfirmationThatDoesNotCoverWhatRemains() {
        assertThatThrownBy(() -> link.settle(null, Outcome.CONFIRMED, new BigDecimal("10.49"), NOW))
                .isInstanceOf(PaymentRefused.class)
                .hasMessageContaining("10.50");
    }

    @Test
    void refusesAPartialPaymentThatPaysEverything() {
        assertThatThrownBy(() -> link.settle(null, Outcome.PARTIAL, new BigDecimal("10.50"), NOW))
                .isInstanceOf(PaymentRefused.class);
    }

    @Test
    void refusesAnAmountWithMoreDecimalsThanTheToken() {
        assertThatThrownBy(() -> link.settle(null, Outcome.PARTIAL, new BigDecimal("1.0000001"), NOW))
                .isInstanceOf(PaymentRefused.class)
                .hasMessageContaining("more decimals than USDC allows (6)");
        assertThatThrownBy(() -> link.pay(null, new BigDecimal("0.0000001"), NOW))
                .isInstanceOf(PaymentRefused.class);
        assertThat(link.settle(null, Outcome.PARTIAL, new BigDecimal("1.000001"), NOW)
                        .amount())
                .isEqualByComparingTo("1.000001");
    }

    @Test
    void aDefaultPartialPaymentIsRoundedDownToTheTokensDecimals() {
        link.settle(null, Outcome.PARTIAL, new BigDecimal("0.000003"), NOW);

        assertThat(link.settle(null, Outcome.PARTIAL, null, NOW).amount()).isEqualByComparingTo("5.249998");
        link.settle(null, Outcome.PARTIAL, new BigDecimal("5.249998"), NOW);
        assertThatThrownBy(() -> link.settle(null, Outcome.PARTIAL, null, NOW))
                .isInstanceOf(PaymentRefused.class)
                .hasMessageContaining("less than the smallest USDC amount");
    }

    @Test
    void refusesARequestOfAnotherLink() {
        assertThatThrownBy(() -> link.settle("01ff", Outcome.CONFIRMED, null, NOW))
                .isInstanceOf(PaymentRefused.class)
                .hasMessageContaining("01ff");
    }

    @Test
    void anUnpaidLinkExpiresButAPaidOneStaysCompleted() {
        assertThat(link.status(NOW.plus(Duration.ofDays(7)))).isEqualTo(SecurePayment.Status.EXPIRED);

        link.settle(null, Outcome.CONFIRMED, null, NOW);

        assertThat(link.status(NOW.plus(Duration.ofDays(8)))).isEqualTo(SecurePayment.Status.COMPLETED);
    }

    @Test
    void theWalletConfirmsWhenWhatItPaysCoversTheRest() {
        List<Settlement> part = link.pay(null, new BigDecimal("4"), NOW);
        List<Settlement> rest = link.pay(null, new BigDecimal("7"), NOW);

        assertThat(part).singleElement().extracting(Settlement::outcome).isEqualTo(Outcome.PARTIAL);
        assertThat(rest).singleElement().satisfies(settlement -> {
            assertThat(settlement.outcome()).isEqualTo(Outcome.CONFIRMED);
            assertThat(settlement.totalAmountPaid()).isEqualByComparingTo("11");
        });
        assertThat(link.stateOf(rest.get(0).request().requestId()).excess()).isEqualByComparingTo("0.50");
    }

    @Test
    void theWalletPaysNeitherAnExpiredNorACompletedLink() {
        assertThatThrownBy(() -> link.pay(null, null, NOW.plus(Duration.ofDays(7))))
                .isInstanceOf(PaymentRefused.class)
                .hasMessageContaining("expired");

        link.pay(null, null, NOW);

        assertThatThrownBy(() -> link.pay(null, null, NOW))
                .isInstanceOf(PaymentRefused.class)
                .hasMessageContaining("already been completed");
    }

    @Test
    void aRefundReturnsAtMostWhatWasReceived() {
        link.settle(null, Outcome.CONFIRMED, null, NOW);

        Settlement refund = link.refund(null, new BigDecimal("0.50"), NOW);

        assertThat(refund.outcome()).isEqualTo(Outcome.REFUNDED);
        assertThat(link.stateOf(refund.request().requestId()).refunded()).isEqualByComparingTo("0.50");
        assertThatThrownBy(() -> link.refund(null, new BigDecimal("10.01"), NOW))
                .isInstanceOf(PaymentRefused.class)
                .hasMessageContaining("at most 10.00");
        assertThat(link.refund(null, null, NOW).amount()).isEqualByComparingTo("10.00");
        assertThat(link.stateOf(refund.request().requestId()).status()).isEqualTo("refunded");
    }
}
