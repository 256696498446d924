package io.payrecon.link.paymentlink;

import io.payrecon.requestclient.SecurePaymentRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A valid request for an order's payment link: what the order must be paid and where. The payment target is a
 * {@code destinationId}, or a {@code payee} with both currencies (the provider's older shape), or neither: then
 * the provider uses the destination bound to our client id.
 */
record LinkOrder(
        String orderId,
        BigDecimal amount,
        String destinationId,
        String payee,
        String invoiceCurrency,
        String paymentCurrency,
        String reference,
        String payerIdentifier,
        String redirectUrl,
        String redirectLabel,
        Map<String, String> metadata) {

    LinkOrder {
        metadata = Map.copyOf(metadata);
    }

    /** The invoice currency when known; absent when the provider resolves it from a destination. */
    String currency() {
        return invoiceCurrency;
    }

    /**
     * What this request asks differently from the order as it was first requested: the amount and the payment
     * target. A repeat of the same order with other metadata, reference or redirect still gets the existing link.
     */
    List<String> differencesFrom(LinkOrder stored) {
        List<String> differences = new ArrayList<>();
        if (amount.compareTo(stored.amount) != 0) {
            differences.add("amount %s (the order was created for %s)"
                    .formatted(amount.toPlainString(), stored.amount.toPlainString()));
        }
        compare(differences, "destinationId", destinationId, stored.destinationId);
        compare(differences, "payee", payee, stored.payee);
        compare(differences, "invoiceCurrency", invoiceCurrency, stored.invoiceCurrency);
        compare(differences, "paymentCurrency", paymentCurrency, stored.paymentCurrency);
        return differences;
    }

    SecurePaymentRequest toProviderRequest() {
        return toProviderRequest(amount);
    }

    /** The provider request for this order's payment target and metadata, asking for {@code amount}. */
    SecurePaymentRequest toProviderRequest(BigDecimal amount) {
        SecurePaymentRequest.Item item;
        if (destinationId != null) {
            item = SecurePaymentRequest.Item.toDestination(amount, destinationId);
        } else if (payee != null) {
            item = SecurePaymentRequest.Item.toPayee(amount, payee, invoiceCurrency, paymentCurrency);
        } else {
            item = SecurePaymentRequest.Item.toBoundDestination(amount);
        }
        return new SecurePaymentRequest(List.of(item), reference, payerIdentifier, redirectUrl, redirectLabel);
    }

    private static void compare(List<String> differences, String field, String requested, String stored) {
        if (!Objects.equals(requested, stored)) {
            differences.add("%s %s (the order's link has %s)".formatted(field, show(requested), show(stored)));
        }
    }

    private static String show(String value) {
        return value == null ? "none" : "'" + value + "'";
    }
}
