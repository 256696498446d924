package io.payrecon.sandbox.payment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhooks a settlement causes, field for field in the order of the provider's documented shapes
 * (fixtures/request-network/webhooks/). A confirmed or partial payment is the core event, plus the
 * {@code .client_id} variant when the link was created with a Client ID (adds {@code payee}, {@code clientId},
 * {@code origin}), plus the {@code .checkout} variant, because every sandbox link comes from a secure payment page
 * (adds {@code reference}); each becomes its own delivery. Amounts are decimal strings; both {@code requestId} and
 * the older {@code requestID} carry the request id.
 */
@Component
class PaymentWebhooks {

    /** The payer wallet every sandbox payment comes from. */
    static final String PAYER_ADDRESS = "0x92Fc3406Fc6BB7A76aC63b2E8b9d02b1B9C3e4d5";

    private final JsonMapper json;

    PaymentWebhooks(JsonMapper json) {
        this.json = json;
    }

    /** One webhook body, ready to sign and send. */
    record Webhook(String event, String requestId, byte[] body) {}

    private enum Variant {
        CORE(""),
        CLIENT_ID(".client_id"),
        CHECKOUT(".checkout");

        private final String suffix;

        Variant(String suffix) {
            this.suffix = suffix;
        }
    }

    List<Webhook> of(SecurePayment link, Settlement settlement) {
        String requestId = settlement.request().requestId();
        return switch (settlement.outcome()) {
            case FAILED -> List.of(webhook(requestId, failed(settlement)));
            case REFUNDED -> List.of(webhook(requestId, refunded(settlement)));
            case CONFIRMED, PARTIAL -> {
                List<Webhook> webhooks = new ArrayList<>();
                webhooks.add(webhook(requestId, payment(link, settlement, Variant.CORE)));
                if (link.creator().clientId() != null) {
                    webhooks.add(webhook(requestId, payment(link, settlement, Variant.CLIENT_ID)));
                }
                webhooks.add(webhook(requestId, payment(link, settlement, Variant.CHECKOUT)));
                yield List.copyOf(webhooks);
            }
        };
    }

    private Webhook webhook(String requestId, Map<String, Object> body) {
        return new Webhook((String) body.get("event"), requestId, json.writeValueAsBytes(body));
    }

    private static Map<String, Object> payment(SecurePayment link, Settlement settlement, Variant variant) {
        SecurePayment.Terms request = settlement.request();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", settlement.outcome().event() + variant.suffix);
        body.put("requestId", request.requestId());
        body.put("requestID", request.requestId());
        body.put("paymentReference", request.paymentReference());
        body.put("explorer", "https://scan.request.network/request/" + request.requestId());
        body.put("amount", settlement.amount().toPlainString());
        body.put("totalAmountPaid", settlement.totalAmountPaid().toPlainString());
        body.put("expectedAmount", request.amount().toPlainString());
        body.put("timestamp", settlement.timestamp().toString());
        body.put("txHash", settlement.txHash());
        body.put("payerAddress", PAYER_ADDRESS);
        body.put("payerEoaAddress", null);
        body.put("network", request.network());
        body.put("currency", request.currency());
        body.put("paymentCurrency", request.currency());
        if (variant == Variant.CLIENT_ID) {
            body.put("payee", request.payee());
            body.put("clientId", link.creator().clientId());
            body.put("origin", link.creator().origin());
        }
        if (variant == Variant.CHECKOUT) {
            body.put("reference", link.reference());
        }
        body.put("isCryptoToFiat", false);
        body.put("subStatus", "");
        body.put("paymentProcessor", "request-network");
        body.put("fees", List.of());
        return body;
    }

    private static Map<String, Object> failed(Settlement settlement) {
        SecurePayment.Terms request = settlement.request();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", Outcome.FAILED.event());
        body.put("requestId", request.requestId());
        body.put("requestID", request.requestId());
        body.put("paymentReference", request.paymentReference());
        body.put("subStatus", settlement.subStatus());
        body.put("paymentProcessor", "request-network");
        return body;
    }

    private static Map<String, Object> refunded(Settlement settlement) {
        SecurePayment.Terms request = settlement.request();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", Outcome.REFUNDED.event());
        body.put("requestId", request.requestId());
        body.put("paymentReference", request.paymentReference());
        body.put("refundedTo", PAYER_ADDRESS.toLowerCase(Locale.ROOT));
        body.put("refundAmount", settlement.amount().toPlainString());
        body.put("currency", request.currency());
        body.put("timestamp", settlement.timestamp().toString());
        body.put("paymentProcessor", "request-network");
        return body;
    }
}
