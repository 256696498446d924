package io.payrecon.reconciler.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A fact about an order, as the state machine reads it: what a link event, a provider webhook or a provider
 * observation said. Facts are already deduplicated (event id, delivery id and business key) when they get here;
 * applying one twice anyway changes nothing.
 */
sealed interface PaymentFact {

    /** A fact that concerns one of the order's payment requests. */
    sealed interface AboutRequest extends PaymentFact {
        String requestId();
    }

    /** A fact that may bring money: it reports what a request has received. */
    sealed interface MoneyReport extends AboutRequest {

        /** The currency the provider reported, or {@code null}. */
        String currency();

        /**
         * When the money arrived, as the provider says; else when we heard of it for a webhook (it comes within
         * seconds), and {@code null} for a poll that told no time.
         */
        Instant paidAt();
    }

    /** Another {@code payment-link.created} for an order that exists: its request ids are added, nothing else. */
    record LinkCreated(String token) implements PaymentFact {}

    /** A new link replaced an expired one; the order becomes the new link's. */
    record LinkRenewed(String token) implements PaymentFact {}

    /** A link expired unpaid. Only the order's current link expiring matters. */
    record LinkExpired(String token) implements PaymentFact {}

    /** Part of the amount arrived. {@code totalPaid}: what the request has received so far. */
    record PaymentPartial(String requestId, BigDecimal totalPaid, String currency, Instant paidAt)
            implements MoneyReport {
        public PaymentPartial {
            Objects.requireNonNull(totalPaid, "totalPaid");
        }
    }

    /**
     * The request is paid and settled. {@code totalPaid}: what the request has received so far, or {@code null}
     * when the provider did not say (then the request is taken to have received what the order still missed).
     */
    record PaymentConfirmed(String requestId, BigDecimal totalPaid, String currency, Instant paidAt)
            implements MoneyReport {}

    /** An attempt failed; the payer may still pay later. */
    record PaymentFailed(String requestId, String subStatus) implements AboutRequest {}

    /**
     * Money was given back to the payer. {@code refundAmount}: how much, or {@code null} when the provider did not
     * say (then everything the request received net of earlier refunds).
     */
    record PaymentRefunded(String requestId, BigDecimal refundAmount) implements AboutRequest {}

    /**
     * What {@code GET /v2/request/{requestId}} answered: a snapshot, so applying it again changes nothing. It tells
     * whether the request is paid ({@code hasBeenPaid}) and, for partial or multiple payments, what it received;
     * paid without a breakdown means paid in full by one payment, of an amount it does not tell.
     *
     * @param paidAmount what the request received by the provider's account, or {@code null} when it did not say
     * @param remainingAmount what the request still waits for by the provider's account, or {@code null}
     * @param payments the amount of each payment the provider listed
     * @param paidAt the latest payment's time, or {@code null} when the provider told none: the time of a poll is not
     *     the time of a payment
     * @param observedAt when the provider was asked
     * @param status the provider's undocumented word for the request, or {@code null}
     */
    record ProviderObserved(
            String requestId,
            boolean hasBeenPaid,
            BigDecimal paidAmount,
            BigDecimal remainingAmount,
            List<BigDecimal> payments,
            String currency,
            Instant paidAt,
            Instant observedAt,
            String status)
            implements MoneyReport {

        public ProviderObserved {
            payments = List.copyOf(payments);
        }

        /**
         * What the request received by the provider's account: its total, or else the sum of its payments. For a
         * request paid without a total, a lower bound only (the order counts what it expected then).
         */
        BigDecimal totalPaid() {
            return paidAmount != null ? paidAmount : payments.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** Whether the provider told how much the request received: a total, or the amounts of its payments. */
        boolean toldAmount() {
            return paidAmount != null || !payments.isEmpty();
        }
    }

    /**
     * A provider event that never changes an order, whatever its status: recorded as ignored with its reason, never
     * applied.
     */
    sealed interface WithoutPaymentEffect extends PaymentFact {

        /** The provider's event type, or {@code null} when the body had none. */
        String event();

        /** Why it has no effect on orders. */
        String reason();
    }

    /** {@code payment.processing}: crypto-to-fiat progress. */
    record PaymentProcessing(String event) implements WithoutPaymentEffect {
        @Override
        public String reason() {
            return "crypto-to-fiat progress; settlement comes as payment.confirmed";
        }
    }

    /**
     * An event about something other than an order's payment: {@code compliance.updated},
     * {@code payment_detail.updated}, {@code secure_payment.*}, {@code request.recurring}.
     */
    record NotAboutPayment(String event) implements WithoutPaymentEffect {
        @Override
        public String reason() {
            return "not about an order's payment";
        }
    }

    /** An event type we do not know, or a body without one. */
    record UnknownEvent(String event) implements WithoutPaymentEffect {
        @Override
        public String reason() {
            return "an unknown event type: kept, no effect";
        }
    }
}
