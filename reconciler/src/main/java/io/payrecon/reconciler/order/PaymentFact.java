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

    /** The column of the transition table this fact selects. */
    Input input();

    /**
     * Every input of the transition table. The provider's {@code .client_id} and {@code .checkout} variants are the
     * same input as their core event; a provider observation is one of three inputs, by what the provider saw.
     */
    enum Input {
        /** {@code payment-link.created} for an order that already exists (the first one opens the order). */
        LINK_CREATED,
        LINK_RENEWED,
        LINK_EXPIRED,
        PAYMENT_PARTIAL,
        PAYMENT_CONFIRMED,
        PAYMENT_FAILED,
        PAYMENT_REFUNDED,
        /** {@code provider.status-observed} with {@code hasBeenPaid}. */
        OBSERVED_PAID,
        /** {@code provider.status-observed}: money arrived, the request is not paid in full. */
        OBSERVED_PARTLY_PAID,
        /** {@code provider.status-observed}: no money yet. */
        OBSERVED_UNPAID,
        /** {@code payment.processing}: crypto-to-fiat progress. */
        PAYMENT_PROCESSING,
        /**
         * Provider events about something other than an order's payment: {@code compliance.updated},
         * {@code payment_detail.updated}, {@code secure_payment.*}, {@code request.recurring}.
         */
        NOT_ABOUT_PAYMENT,
        /** A provider event type we do not know. */
        UNKNOWN_EVENT
    }

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
    record LinkCreated(String token) implements PaymentFact {
        @Override
        public Input input() {
            return Input.LINK_CREATED;
        }
    }

    /** A new link replaced an expired one; the order becomes the new link's. */
    record LinkRenewed(String token) implements PaymentFact {
        @Override
        public Input input() {
            return Input.LINK_RENEWED;
        }
    }

    /** A link expired unpaid. Only the order's current link expiring matters. */
    record LinkExpired(String token) implements PaymentFact {
        @Override
        public Input input() {
            return Input.LINK_EXPIRED;
        }
    }

    /** Part of the amount arrived. {@code totalPaid}: what the request has received so far. */
    record PaymentPartial(String requestId, BigDecimal totalPaid, String currency, Instant paidAt)
            implements MoneyReport {
        public PaymentPartial {
            Objects.requireNonNull(totalPaid, "totalPaid");
        }

        @Override
        public Input input() {
            return Input.PAYMENT_PARTIAL;
        }
    }

    /**
     * The request is paid and settled. {@code totalPaid}: what the request has received so far, or {@code null}
     * when the provider did not say (then the request is taken to have received what the order still missed).
     */
    record PaymentConfirmed(String requestId, BigDecimal totalPaid, String currency, Instant paidAt)
            implements MoneyReport {
        @Override
        public Input input() {
            return Input.PAYMENT_CONFIRMED;
        }
    }

    /** An attempt failed; the payer may still pay later. */
    record PaymentFailed(String requestId, String subStatus) implements AboutRequest {
        @Override
        public Input input() {
            return Input.PAYMENT_FAILED;
        }
    }

    /**
     * Money was given back to the payer. {@code refundAmount}: how much, or {@code null} when the provider did not
     * say (then everything the request received net of earlier refunds).
     */
    record PaymentRefunded(String requestId, BigDecimal refundAmount) implements AboutRequest {
        @Override
        public Input input() {
            return Input.PAYMENT_REFUNDED;
        }
    }

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

        @Override
        public Input input() {
            if (hasBeenPaid) {
                return Input.OBSERVED_PAID;
            }
            return totalPaid().signum() > 0 ? Input.OBSERVED_PARTLY_PAID : Input.OBSERVED_UNPAID;
        }
    }

    /** A provider event that never changes an order: recorded with the table's reason, never applied. */
    record WithoutPaymentEffect(Input input, String event) implements PaymentFact {
        public WithoutPaymentEffect {
            if (input != Input.PAYMENT_PROCESSING && input != Input.NOT_ABOUT_PAYMENT && input != Input.UNKNOWN_EVENT) {
                throw new IllegalArgumentException(input + " has an effect on orders");
            }
        }
    }
}
