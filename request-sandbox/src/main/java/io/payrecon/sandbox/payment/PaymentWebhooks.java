package io.payrecon.sandbox.payment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook body of a simulated payment, field for field in the order of the provider's documented shapes
 * (fixtures/request-network/webhooks/payment.confirmed.json, payment.partial.json, payment.failed.json). Amounts
 * are decimal strings; both {@code requestId} and the older {@code requestID} carry the request id.
 */
@Component
class PaymentWebhooks {

    /** The payer wallet every sandbox payment comes from. */
    static final String PAYER_ADDRESS = "0x92Fc3406Fc6BB7A76aC63b2E8b9d02b1B9C3e4d5";

    private final JsonMapper json;

    PaymentWebhooks(JsonMapper json) {
        this.json = json;
    }

    byte[] bodyOf(Settlement settlement) {
        SecurePayment.Terms request = settlement.request();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", settlement.outcome().event());
        body.put("requestId", request.requestId());
        body.put("requestID", request.requestId());
        body.put("paymentReference", request.paymentReference());
        if (settlement.outcome() == Outcome.FAILED) {
            body.put("subStatus", "insufficient_funds");
            body.put("paymentProcessor", "request-network");
            return json.writeValueAsBytes(body);
        }
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
        body.put("paymentCurrency", request.paymentCurrency());
        body.put("isCryptoToFiat", false);
        body.put("subStatus", "");
        body.put("paymentProcessor", "request-network");
        body.put("fees", List.of());
        return json.writeValueAsBytes(body);
    }
}
