package io.payrecon.systemtests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A merchant's order system and its payers against a running {@link LocalSystem}, over HTTP: create a payment link,
 * pay it on the sandbox's hosted page, read the order from the reconciler.
 */
record Merchant(LocalSystem system) {

    /** {@code POST /api/payment-links} for the order, paid to a fixed wallet in USDC. */
    SystemHttp.Response createLink(String orderId, String amount) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("orderId", orderId);
        request.put("amount", amount);
        request.put("payee", "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7");
        request.put("invoiceCurrency", "USD");
        request.put("paymentCurrency", "USDC-base");
        return SystemHttp.postJson(system.app(App.LINK_SERVICE).url() + "/api/payment-links", apiKey(), request);
    }

    /** The payer pays the link in full on the sandbox's hosted page. */
    SystemHttp.Response payInFull(String token) {
        return SystemHttp.postJson(
                system.app(App.REQUEST_SANDBOX).url() + "/sandbox/payments/" + token, Map.of(), Map.of());
    }

    /** {@code GET /api/orders/{orderId}} on the reconciler. */
    SystemHttp.Response order(String orderId) {
        return SystemHttp.get(system.app(App.RECONCILER).url() + "/api/orders/" + orderId, apiKey());
    }

    /** The order's status, or null while the reconciler does not know the order. */
    String orderStatus(String orderId) {
        SystemHttp.Response response = order(orderId);
        return response.status() == 200 ? response.json().get("status").asString() : null;
    }

    Map<String, String> apiKey() {
        return Map.of("X-Api-Key", system.credentials().apiKey());
    }
}
