package io.payrecon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.platform.OpenApiDocuments;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox describes its HTTP API at /v3/api-docs (OpenAPI 3.1) as docs/contract/openapi/request-sandbox.json has
 * it, with the provider's credentials on /v2, and serves Swagger UI from its own jar.
 */
class ApiDocumentIT extends RunningSandbox {

    @Test
    void servesTheCheckedInOpenApiDocument() {
        HttpResponse<String> served = get("/v3/api-docs");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(json(served).path("openapi").asString()).startsWith("3.1.");
        OpenApiDocuments.assertServedIsCheckedIn(
                "request-sandbox",
                served.body(),
                "./mvnw -B -ntp -pl request-sandbox -am clean verify -DskipUnitTests -Dit.test=ApiDocumentIT"
                        + " -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true");
    }

    @Test
    void documentsTheProviderCredentialsAsTheFilterChecksThem() {
        JsonNode document = json(get("/v3/api-docs"));

        assertThat(document.at("/paths/~1v2~1request~1{requestId}/get/security")
                        .valueStream()
                        .flatMap(requirement -> requirement.propertyNames().stream()))
                .containsExactly("apiKey", "clientId");
        assertThat(document.at("/paths/~1v2~1secure-payments~1{token}/get/security")
                        .valueStream()
                        .flatMap(requirement -> requirement.propertyNames().stream()))
                .containsExactly("clientId");
        assertThat(document.at("/paths/~1sandbox~1clock/post/security").isMissingNode())
                .isTrue();
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }
}
