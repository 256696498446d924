package io.payrecon.gateway.webhook;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's HTTP API in OpenAPI 3.1 ({@code /v3/api-docs}, {@code docs/contract/openapi/webhook-gateway.json}):
 * one endpoint, for the provider, authenticated by the provider's own signing scheme. The operation comes from
 * {@link WebhookController}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String SIGNATURE = "webhookSignature";

    @Bean
    OpenAPI webhookGatewayApi() {
        return new OpenAPI()
                .info(new Info().title("webhook-gateway").version("1").description("""
                                Receives Request Network's signed webhooks and appends each one, byte for byte, to \
                                the topic payments.webhooks.v1. It answers 200 only after the broker acknowledged \
                                the record, and 503 quickly when it did not, so the provider retries (1, 5 and 15 s \
                                later). Deliveries are deduplicated downstream by their delivery id.

                                Every refusal is `application/problem+json` (RFC 9457) whose `type` says what kind \
                                (docs/problems.md) and whose `detail` says what to fix; none contains a secret or a \
                                signature."""))
                .addServersItem(new Server().url("/").description("this webhook-gateway"))
                .components(new Components()
                        .addSecuritySchemes(
                                SIGNATURE,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("x-request-network-signature")
                                        .description("""
                                                The provider's signing scheme, not a key: the lowercase hex of \
                                                HMAC-SHA256 over the raw body, exactly the bytes sent, keyed with the \
                                                UTF-8 bytes of the webhook secret the webhook was registered with. The \
                                                gateway accepts a signature under any of its secrets (WEBHOOK_SECRET, \
                                                a comma list during a rotation), compared in constant time. Only the \
                                                body is signed: the other x-request-network-* headers are not.""")));
    }
}
