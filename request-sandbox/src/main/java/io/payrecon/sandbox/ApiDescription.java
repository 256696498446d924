package io.payrecon.sandbox;

import static io.payrecon.platform.problem.OpenApiProblems.array;
import static io.payrecon.platform.problem.OpenApiProblems.integer;
import static io.payrecon.platform.problem.OpenApiProblems.object;
import static io.payrecon.platform.problem.OpenApiProblems.string;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox's HTTP API in OpenAPI 3.1 ({@code /v3/api-docs}, {@code docs/contract/openapi/request-sandbox.json}):
 * the provider's endpoints under {@code /v2} with their credentials and error shape (as the credential package checks
 * them, by path), the hosted page and the {@code /sandbox/...} controls. Operations come from the controllers.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String API_KEY = "apiKey";
    static final String CLIENT_ID = "clientId";
    static final String PROVIDER_ERROR = "ProviderError";
    static final String PROVIDER_ERROR_REF = "#/components/schemas/" + PROVIDER_ERROR;

    @Bean
    OpenAPI sandboxApi() {
        return new OpenAPI()
                .info(new Info().title("request-sandbox").version("1").description("""
                                A local stand-in for Request Network, for development and tests only, never part of \
                                a deployment: the provider's API under `/v2` (shaped like the provider's OpenAPI \
                                file, errors in the provider's shape `{"statusCode", "message", "error"}`), the \
                                hosted payment page at `/?token=…`, and controls under `/sandbox/...` that settle, \
                                fail or refund links, move the sandbox clock and make the provider misbehave \
                                (`application/problem+json` errors, docs/problems.md). The controls need no \
                                credential: the sandbox listens on 127.0.0.1 only."""))
                .addServersItem(new Server().url("/").description("this sandbox"))
                .components(
                        new Components()
                                .addSecuritySchemes(
                                        API_KEY,
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.APIKEY)
                                                .in(SecurityScheme.In.HEADER)
                                                .name("x-api-key")
                                                .description(
                                                        "A provider API key the sandbox was started with"
                                                                + " (sandbox.api-keys, REQUEST_API_KEY, or sandbox.credentials)"))
                                .addSecuritySchemes(
                                        CLIENT_ID,
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.APIKEY)
                                                .in(SecurityScheme.In.HEADER)
                                                .name("x-client-id")
                                                .description(
                                                        "A provider Client ID (sandbox.client-ids, REQUEST_CLIENT_ID, or"
                                                                + " sandbox.credentials), always with an Origin header: any value for a"
                                                                + " backend Client ID, one of its allowed-origins for a frontend one")));
    }

    /**
     * The provider's credentials and refusals on every {@code /v2} operation, as the credential filter checks them
     * whatever the endpoint: either credential, except {@code GET /v2/secure-payments/{token}}, which takes a Client
     * ID only; 401, 403 and 429 in the provider's error shape, and a 5xx when an API fault is set.
     */
    @Bean
    OpenApiCustomizer providerCredentials() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROVIDER_ERROR, providerError());
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/v2/")) {
                    item.readOperationsMap().forEach((method, operation) -> {
                        boolean clientIdOnly =
                                path.equals("/v2/secure-payments/{token}") && method == PathItem.HttpMethod.GET;
                        if (!clientIdOnly) {
                            operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
                        }
                        operation.addSecurityItem(new SecurityRequirement().addList(CLIENT_ID));
                        providerError(operation, "401", "No credential, an unknown one, or a Client ID without Origin");
                        providerError(
                                operation,
                                "403",
                                "A revoked credential, an Origin not allowed for the Client ID, or another"
                                        + " destination than the credential's");
                        providerError(
                                operation,
                                "429",
                                "Over the credential's rate limit (per credential and caller IP), or blocked after"
                                        + " a sustained breach; no Retry-After");
                        providerError(operation, "503", "An API fault set with POST /sandbox/faults (any 5xx)");
                    });
                }
            });
        };
    }

    private static void providerError(Operation operation, String status, String description) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        operation
                .getResponses()
                .addApiResponse(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                                new MediaType().schema(new Schema<>().$ref(PROVIDER_ERROR_REF)))));
    }

    private static Schema<Object> providerError() {
        Schema<Object> message = new Schema<>();
        message.setOneOf(List.of(string(), array(string())));
        message.setDescription("What is wrong: a sentence, or for a validation error one per problem");
        Schema<Object> error = object().description("An error in the provider's shape (/v2 only)");
        error.addProperty("statusCode", integer().description("The HTTP status"));
        error.addProperty("message", message);
        error.addProperty("error", string().description("The status's reason phrase, such as Bad Request"));
        return error;
    }
}
