package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.platform.OpenApiDocuments;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway describes its HTTP API at /v3/api-docs (OpenAPI 3.1) as docs/contract/openapi/webhook-gateway.json has
 * it, with the provider's signature as its security scheme, and serves Swagger UI from its own jar.
 */
class ApiDocumentIT extends RunningGateway {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void servesTheCheckedInOpenApiDocument() {
        HttpResponse<String> served = get("/v3/api-docs");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(served.body()).path("openapi").asString()).startsWith("3.1.");
        OpenApiDocuments.assertServedIsCheckedIn(
                "webhook-gateway",
                served.body(),
                "./mvnw -B -ntp -pl webhook-gateway -am clean verify -DskipUnitTests -Dit.test=ApiDocumentIT"
                        + " -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true");
    }

    @Test
    void documentsTheWebhookEndpointSignedByTheProvider() {
        JsonNode document = JSON.readTree(get("/v3/api-docs").body());

        assertThat(document.path("paths").propertyNames()).containsExactly(WebhookController.PATH);
        assertThat(document.at("/paths/~1webhooks~1request-network/post/security/0")
                        .propertyNames())
                .containsExactly("webhookSignature");
        assertThat(document.at("/components/securitySchemes/webhookSignature/name")
                        .asString())
                .isEqualTo("x-request-network-signature");
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }
}
