package io.payrecon.systemtests;

import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemHttp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A merchant's order system and its payers against a running {@link LocalSystem}, over HTTP: create a payment link,
 * pay it on the sandbox's hosted page, read the order from the reconciler.
 */
record Merchant(LocalSystem system) {

    /** What a browser sends as {@code Accept}. */
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** {@code POST /api/payment-links} for the order, paid to link-service's destination (USDC on Sepolia). */
    SystemHttp.Response createLink(String orderId, String amount) {
        return createLink(linkRequest(orderId, amount));
    }

    /** The body {@link #createLink(String, String)} sends, to change before sending it. */
    Map<String, Object> linkRequest(String orderId, String amount) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("orderId", orderId);
        request.put("amount", amount);
        return request;
    }

    /** {@code POST /api/payment-links} with this body. */
    SystemHttp.Response createLink(Map<String, Object> request) {
        return SystemHttp.postJson(system.app(App.LINK_SERVICE).url() + "/api/payment-links", apiKey(), request);
    }

    /** {@code GET /api/payment-links/{orderId}}: the order's links as link-service stores them. */
    SystemHttp.Response paymentLink(String orderId) {
        return SystemHttp.get(system.app(App.LINK_SERVICE).url() + "/api/payment-links/" + orderId, apiKey());
    }

    /** A payer following the order's {@code payUrl} ({@code GET /pay/{orderId}}), accepting {@code accept}. */
    SystemHttp.Response followPayUrl(String orderId, String accept) {
        return SystemHttp.get(system.app(App.LINK_SERVICE).url() + "/pay/" + orderId, Map.of("Accept", accept));
    }

    /** The payer opens the sandbox's hosted page at a link's {@code securePaymentUrl}. */
    SystemHttp.Response openHostedPage(String securePaymentUrl) {
        return SystemHttp.get(securePaymentUrl, Map.of("Accept", BROWSER));
    }

    /** The payer presses "Pay" on the sandbox's hosted page: what remains, in one transaction. */
    SystemHttp.Response payOnHostedPage(String securePaymentUrl) {
        return SystemHttp.postForm(securePaymentUrl, Map.of("action", "full"));
    }

    /** The link is paid in full through the sandbox's payment control ({@code POST /sandbox/payments/{token}}). */
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
