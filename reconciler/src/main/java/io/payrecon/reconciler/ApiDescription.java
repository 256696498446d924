package io.payrecon.reconciler;

import io.payrecon.platform.problem.OpenApiProblems;
import io.payrecon.platform.problem.ProblemType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reconciler's HTTP API in OpenAPI 3.1 ({@code /v3/api-docs}, {@code docs/contract/openapi/reconciler.json}): what
 * the API is, and its credentials as the access package checks them, by path: an API key on {@code /api/**}, an
 * operator's own key on {@code /admin/**}, where reading needs any role and everything else the operator role, and
 * where every operation is written to the audit log first. Operations and schemas come from the controllers.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String API_KEY = "apiKey";
    static final String OPERATOR_KEY = "operatorKey";

    @Bean
    OpenAPI reconcilerApi() {
        return new OpenAPI()
                .info(new Info().title("reconciler").version("1").description("""
                                One trustworthy payment status per order: read it (`/api/orders`, for order systems), \
                                and operate the reconciler (`/admin/**`, for operators: dead letters, parked \
                                webhooks, polls, republish, replay, rebuild, the audit log).

                                - `/api/**` needs an API key in `X-Api-Key`.
                                - `/admin/**` needs an operator's own key in `X-Admin-Key`: operators are named, each \
                                with a role, `read-only` (every `GET`) or `operator` (everything), so the audit log \
                                names a person. Every admin operation, reads included, is written to the audit log \
                                before it runs; when it cannot be, nothing is done (503). What was done already \
                                answers 409, so each operation is safe to run twice. With `reconciler.admin-port` set, \
                                `/admin/**` is served on that port only (404 on this one).
                                - Amounts are decimal strings (`"10.50"`): read them as decimals, never as floating \
                                point.
                                - Every error is `application/problem+json` (RFC 9457) whose `type` says what kind \
                                (docs/problems.md) and whose `detail` says what to do.
                                - Changes to this API are additive: new operations, new optional fields, new \
                                problem types."""))
                .addServersItem(new Server().url("/").description("this reconciler"))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-Api-Key")
                                        .description("One of the keys the reconciler was started with (API_KEY); it"
                                                + " keeps only their SHA-256 and compares in constant time."))
                        .addSecuritySchemes(
                                OPERATOR_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-Admin-Key")
                                        .description("An operator's own key, never a shared one: ADMIN_OPERATORS lists"
                                                + " each operator as name:role:SHA-256 of the key, the role read-only"
                                                + " (GET and HEAD under /admin) or operator (everything). The audit"
                                                + " log names the operator the key belongs to (docs/operations.md,"
                                                + " Operators).")));
    }

    /**
     * The credential of each path, and its refusals, on every operation there: the access package guards paths,
     * whatever the endpoint.
     */
    @Bean
    OpenApiCustomizer credentialsByPath() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperations().forEach(operation -> {
                    operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
                    OpenApiProblems.add(operation, ProblemType.API_KEY_REQUIRED);
                });
            }
            if (path.startsWith("/admin/")) {
                item.readOperationsMap().forEach((method, operation) -> {
                    operation.addSecurityItem(new SecurityRequirement().addList(OPERATOR_KEY));
                    OpenApiProblems.add(operation, ProblemType.OPERATOR_KEY_REQUIRED, ProblemType.STORAGE_UNAVAILABLE);
                    boolean reads = method == PathItem.HttpMethod.GET || method == PathItem.HttpMethod.HEAD;
                    if (!reads) {
                        OpenApiProblems.add(operation, ProblemType.OPERATOR_ROLE_REQUIRED);
                    }
                    operation.setDescription((operation.getDescription() == null
                                    ? ""
                                    : operation.getDescription() + " ")
                            + (reads ? "Any operator may call it (read-only or operator)." : "Needs the operator role.")
                            + " Written to the audit log before it runs.");
                });
            }
        });
    }
}
