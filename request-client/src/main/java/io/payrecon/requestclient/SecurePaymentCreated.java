package io.payrecon.requestclient;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The answer to {@code POST /v2/secure-payments}. The provider returns no expiry: a link expires 7 days after
 * creation or once paid, so the caller tracks that itself.
 *
 * @param requestIds one per requested item, in order
 * @param token the link's ULID, for {@code GET /v2/secure-payments/{token}}
 * @param feePlan the provider's fee plan snapshot as it sent it, or null: store it, don't depend on it
 */
public record SecurePaymentCreated(List<String> requestIds, String securePaymentUrl, String token, JsonNode feePlan) {

    public SecurePaymentCreated {
        requestIds = requestIds == null ? List.of() : List.copyOf(requestIds);
        feePlan = feePlan == null || feePlan.isNull() || feePlan.isMissingNode() ? null : feePlan;
    }
}
