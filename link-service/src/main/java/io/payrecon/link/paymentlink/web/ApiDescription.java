package io.payrecon.link.paymentlink.web;

import static io.payrecon.platform.problem.OpenApiProblems.array;
import static io.payrecon.platform.problem.OpenApiProblems.decimal;
import static io.payrecon.platform.problem.OpenApiProblems.integer;
import static io.payrecon.platform.problem.OpenApiProblems.object;
import static io.payrecon.platform.problem.OpenApiProblems.string;

import io.payrecon.platform.problem.OpenApiProblems;
import io.payrecon.platform.problem.ProblemType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * link-service's HTTP API in OpenAPI 3.1 ({@code /v3/api-docs}, {@code docs/contract/openapi/link-service.json}): what
 * the API is, its credential on {@code /api/**} (as the security package checks it, by path), and the members its
 * problems carry. Operations and schemas come from the controllers.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String API_KEY = "apiKey";

    @Bean
    OpenAPI linkServiceApi() {
        return new OpenAPI()
                .info(new Info().title("link-service").version("1").description("""
                                Creates Request Network secure payment links for orders, and sends payers to the \
                                order's payable link (`/pay/{orderId}`, renewing an expired one).

                                - `/api/**` is for order systems and needs an API key in `X-Api-Key`; `/pay/**` is \
                                for payers' browsers and needs none.
                                - Amounts are decimal strings (`"10.50"`): read them as decimals, never as floating \
                                point.
                                - Every error is `application/problem+json` (RFC 9457) whose `type` says what kind \
                                (docs/problems.md) and whose `detail` says what to do.
                                - Changes to this API are additive: new operations, new optional fields, new \
                                problem types."""))
                .addServersItem(new Server().url("/").description("this link-service"))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-Api-Key")
                                        .description("One of the keys link-service was started with (API_KEY); the"
                                                + " service keeps only their SHA-256 and compares in constant time.")));
    }

    /**
     * The credential of {@code /api/**} and its refusal, on every operation there: the API key filter guards the path,
     * whatever the endpoint.
     */
    @Bean
    OpenApiCustomizer apiKeyOnApiPaths() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperations().forEach(operation -> {
                    operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
                    OpenApiProblems.add(operation, ProblemType.API_KEY_REQUIRED);
                });
            }
        });
    }

    /** What link-service's problems carry besides RFC 9457's members (docs/problems.md). */
    @Bean
    OpenApiCustomizer problemMembers() {
        return openApi -> {
            Schema<Object> problem = OpenApiProblems.schema(openApi);
            Schema<Object> error = object().description("A field that is not acceptable, and why");
            error.addProperty("field", string().description("Its JSON path, such as amount or metadata.cart"));
            error.addProperty("message", string());
            problem.addProperty(
                    "errors", array(error).description("invalid-request: every field that is not acceptable"));
            problem.addProperty("orderId", string().description("The order the problem is about"));
            problem.addProperty(
                    "differences",
                    array(string())
                            .description(
                                    "order-terms-conflict: the order's terms that differ from its first request's"));
            problem.addProperty(
                    "paymentStatus", string().description("order-paid: the order's status, PAID or REFUNDED"));
            problem.addProperty("paidAmount", decimal().description("order-paid: what the order received"));
            problem.addProperty(
                    "source",
                    string().description("order-paid: who said it is paid, orders.payment-status.v1 or provider"));
            problem.addProperty(
                    "retryAfterSeconds",
                    integer()
                            .description("The 503s that pass: the Retry-After header's seconds, for clients that read"
                                    + " only the body"));
            problem.addProperty(
                    "reason",
                    string().description("The 502s about our provider credential: bad-credential, "
                            + "destination-mismatch or credential-not-allowed"));
            problem.addProperty(
                    "providerStatus",
                    integer().description("The provider problems: the HTTP status the provider answered"));
            problem.addProperty(
                    "providerMessage",
                    string().description("The provider problems: the provider's message, when it sent one"));
        };
    }
}
