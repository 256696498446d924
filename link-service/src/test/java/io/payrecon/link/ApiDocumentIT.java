package io.payrecon.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.platform.OpenApiDocuments;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springdoc.core.service.OpenAPIService;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * link-service describes its HTTP API at /v3/api-docs (OpenAPI 3.1) as docs/contract/openapi/link-service.json has it,
 * and serves Swagger UI from its own jar; neither needs a key nor opens the API to a caller without one.
 */
class ApiDocumentIT extends RunningLinkService {

    @Autowired
    OpenAPIService documents;

    @Test
    void servesTheCheckedInOpenApiDocument() {
        HttpResponse<String> served = get("/v3/api-docs", null);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(served.body()).path("openapi").asString()).startsWith("3.1.");
        OpenApiDocuments.assertServedIsCheckedIn(
                "link-service",
                served.body(),
                "./mvnw -B -ntp -pl link-service -am clean verify -DskipUnitTests -Dit.test=ApiDocumentIT"
                        + " -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true");
    }

    @Test
    void documentsOnlyTheApiItselfAndTheApiKeyOnApiPaths() {
        JsonNode document = JSON.readTree(get("/v3/api-docs", null).body());

        assertThat(document.path("paths").propertyNames())
                .containsExactlyInAnyOrder("/api/payment-links", "/api/payment-links/{orderId}", "/pay/{orderId}");
        assertThat(document.at("/paths/~1api~1payment-links/post/security/0").propertyNames())
                .containsExactly("apiKey");
        assertThat(document.at("/paths/~1pay~1{orderId}/get/security").isMissingNode())
                .isTrue();
        assertThat(document.at("/components/securitySchemes/apiKey/name").asString())
                .isEqualTo("X-Api-Key");
    }

    @Test
    void theDocumentAndTheUiNeedNoKeyAndOpenNoEndpointWithoutOne() {
        HttpResponse<String> ui = get("/swagger-ui/index.html", null);

        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        assertThat(get("/v3/api-docs/swagger-config", null).statusCode()).isEqualTo(200);
        assertProblem(get("/api/payment-links/" + newOrderId(), null), 401);
    }

    /** A closed network has no CDN, no online validator and no petstore: the UI loads only what the app serves. */
    @Test
    void theUiAsksNoOtherServerForAnything() {
        String config = get("/v3/api-docs/swagger-config", null).body();
        String initializer = get("/swagger-ui/swagger-initializer.js", null).body();

        assertThat(JSON.readTree(config).path("validatorUrl").asString()).isEqualTo("none");
        assertThat(JSON.readTree(config).path("url").asString()).isEqualTo("/v3/api-docs");
        assertThat(initializer).contains("/v3/api-docs/swagger-config").doesNotContain("petstore");
        assertThat(get("/swagger-ui/index.html", null).body()).doesNotContain("http://", "https://");
    }

    /** springdoc keeps a built document per locale: a client naming a new one each time must not grow that. */
    @Test
    void languagesAskedForDoNotMultiplyTheBuiltDocument() {
        String english = get("/v3/api-docs", null).body();
        for (String language : new String[] {"fr-FR", "de", "x-one", "x-two", "zh-Hant-TW"}) {
            HttpResponse<String> served = send(
                    HttpRequest.newBuilder(uri("/v3/api-docs"))
                            .header("Accept-Language", language)
                            .GET(),
                    null);

            assertThat(served.body()).as(language).isEqualTo(english);
            assertThat(documents.getCachedOpenAPI(Locale.forLanguageTag(language)))
                    .as(language)
                    .isNull();
        }
        assertThat(documents.getCachedOpenAPI(Locale.ENGLISH)).isNotNull();
    }
}
