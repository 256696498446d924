package io.payrecon.requestclient;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /v2/secure-payments}: one item per payment (several make a batch, up to 200), plus the
 * merchant's own metadata. Absent values are left out of the JSON.
 *
 * @param reference the merchant's reference, 1-255 characters: we send the order id
 * @param payerIdentifier who pays, 1-255 characters
 * @param redirectUrl http(s) URL of a button on the success screen
 * @param redirectLabel the button's label; only together with {@code redirectUrl}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurePaymentRequest(
        List<Item> requests, String reference, String payerIdentifier, String redirectUrl, String redirectLabel) {

    public SecurePaymentRequest {
        Objects.requireNonNull(requests, "requests");
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("A secure payment needs at least one request");
        }
        requests = List.copyOf(requests);
    }

    /** One payment with the merchant's reference and nothing else. */
    public static SecurePaymentRequest single(Item item, String reference) {
        return new SecurePaymentRequest(List.of(item), reference, null, null, null);
    }

    /**
     * One payment, as the provider's OpenAPI file has it: an amount and, optionally, the destination id, which must
     * then equal the destination the provider resolves from our credential (else 403); left out, the provider uses
     * that one. The older {@code payee}/{@code invoiceCurrency}/{@code paymentCurrency} shape that the integration
     * guide still shows is not in the schema and is never sent.
     *
     * @param amount human-readable decimal, sent as a string such as {@code "10.50"}
     * @param destinationId opaque {@code wallet@eip155:chain#checksum:token}, copied from the dashboard
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String destinationId) {

        public Item {
            Objects.requireNonNull(amount, "amount");
        }

        /** A payment to a destination id. */
        public static Item toDestination(BigDecimal amount, String destinationId) {
            return new Item(amount, Objects.requireNonNull(destinationId, "destinationId"));
        }

        /** A payment to the destination the provider has bound to our client id. */
        public static Item toBoundDestination(BigDecimal amount) {
            return new Item(amount, null);
        }
    }
}
