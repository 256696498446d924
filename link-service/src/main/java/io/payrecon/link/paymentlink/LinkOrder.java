package io.payrecon.link.paymentlink;

import io.payrecon.requestclient.SecurePaymentRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A valid request for an order's payment link: what the order must be paid and where. The payment target is
 * link-service's configured destination ({@code destinationId}, with its wallet and token as {@code payee} and
 * currencies, for the record); orders stored before it was configured may have none, and then the provider resolves
 * the destination bound to our credential.
 */
public record LinkOrder(
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

    public LinkOrder {
        metadata = Map.copyOf(metadata);
    }

    /** The currency of the amount, the destination's token; absent for an order stored without a destination. */
    public String currency() {
        return invoiceCurrency;
    }

    /**
     * What this request asks differently from the order as it was first requested: the amount and the payment
     * target. A repeat of the same order with other metadata, reference or redirect still gets the existing link. An
     * order stored without a destination (before link-service had one configured) went to the same one, resolved
     * by the provider from our credential.
     */
    public List<String> differencesFrom(LinkOrder stored) {
        List<String> differences = new ArrayList<>();
        if (amount.compareTo(stored.amount) != 0) {
            differences.add("amount %s (the order was created for %s)"
                    .formatted(amount.toPlainString(), stored.amount.toPlainString()));
        }
        if (stored.destinationId != null) {
            compare(differences, "destinationId", destinationId, stored.destinationId);
        }
        return differences;
    }

    public SecurePaymentRequest toProviderRequest() {
        return toProviderRequest(amount);
    }

    /**
     * The provider request for this order's payment target and metadata, asking for {@code amount}: only the fields
     * of the provider's OpenAPI file (an item is a {@code destinationId} and an {@code amount}).
     */
    public SecurePaymentRequest toProviderRequest(BigDecimal amount) {
        SecurePaymentRequest.Item item = destinationId != null
                ? SecurePaymentRequest.Item.toDestination(amount, destinationId)
                : SecurePaymentRequest.Item.toBoundDestination(amount);
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
