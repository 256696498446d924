package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.platform.OpenApiDocuments;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The reconciler describes its HTTP API at /v3/api-docs (OpenAPI 3.1) as docs/contract/openapi/reconciler.json has
 * it, and serves Swagger UI from its own jar; neither needs a key nor opens the API or the admin API without one.
 */
class ApiDocumentIT extends RunningReconciler {

    @Test
    void servesTheCheckedInOpenApiDocument() {
        HttpResponse<String> served = get("/v3/api-docs", null);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(served.body()).path("openapi").stringValue()).startsWith("3.1.");
        OpenApiDocuments.assertServedIsCheckedIn(
                "reconciler",
                served.body(),
                "./mvnw -B -ntp -pl reconciler -am clean verify -DskipUnitTests -Dit.test=ApiDocumentIT"
                        + " -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true");
    }

    @Test
    void documentsTheApiKeyOnApiPathsAndTheOperatorKeyAndRoleOnAdminPaths() {
        JsonNode document = JSON.readTree(get("/v3/api-docs", null).body());

        assertThat(document.path("paths").propertyNames())
                .allSatisfy(path -> assertThat(path).matches("/(api|admin)/.*"))
                .contains("/api/orders", "/api/orders/{orderId}", "/admin/dlt/{id}/retry", "/admin/rebuild");
        assertThat(document.at("/paths/~1api~1orders~1{orderId}/get/security/0").propertyNames())
                .containsExactly("apiKey");
        assertThat(document.at("/paths/~1admin~1dlt/get/security/0").propertyNames())
                .containsExactly("operatorKey");
        assertThat(document.at("/components/securitySchemes/operatorKey/name").stringValue())
                .isEqualTo("X-Admin-Key");
        assertThat(document.at("/paths/~1admin~1dlt/get/responses/403").isMissingNode())
                .isTrue();
        assertThat(document.at("/paths/~1admin~1dlt~1{id}~1retry/post/responses/403/description")
                        .stringValue())
                .contains("operator-role-required");
    }

    @Test
    void theDocumentAndTheUiNeedNoKeyAndOpenNothingWithoutOne() {
        assertThat(get("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/orders", null).statusCode()).isEqualTo(401);
        assertThat(get("/admin/dlt", null).statusCode()).isEqualTo(401);
    }
}
