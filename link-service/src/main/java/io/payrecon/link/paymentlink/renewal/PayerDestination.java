package io.payrecon.link.paymentlink.renewal;

import io.payrecon.events.PaymentStatus;
import io.payrecon.link.paymentlink.PaymentLink;
import java.math.BigDecimal;

/** Where {@code /pay/{orderId}} sends a payer: to a payable link, or nowhere because the order is paid. */
public sealed interface PayerDestination {

    /** A link the payer can pay now (the current one, or the one just created by renewal). */
    record Link(PaymentLink link) implements PayerDestination {}

    /**
     * The order is paid: no link is created for it any more.
     *
     * @param paidAmount what the reconciler counted as paid, or null when only the provider said so
     * @param source {@code orders.payment-status.v1} or {@code provider} (it reported the order's link paid)
     */
    record Paid(String orderId, PaymentStatus status, BigDecimal paidAmount, String source)
            implements PayerDestination {

        public static final String FROM_ORDER_STATUS = "orders.payment-status.v1";
        public static final String FROM_PROVIDER = "provider";
    }
}
