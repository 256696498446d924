package io.payrecon.platform;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * How every app serves its OpenAPI document (springdoc), the same in every app unless an app sets its own (these are
 * the lowest-precedence defaults): OpenAPI 3.1 at {@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html} from
 * its webjar, keys in sorted order. Bounded: the document is built once, on its first request, for one locale only
 * (springdoc keeps one built document per locale asked for, and a client could otherwise ask for as many as it likes
 * in {@code Accept-Language}). Responses come only from what each endpoint declares, not from every exception handler
 * of the app, and are JSON unless an endpoint says otherwise. The UI asks nothing of anyone else's server (no online
 * validator, not the webjar's petstore example) and does not keep a key a person typed in once the page is closed.
 */
class ApiDocsDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            // On, said out loud: springdoc warns at every start-up when these are left unset.
            Map.entry("springdoc.api-docs.enabled", "true"),
            Map.entry("springdoc.swagger-ui.enabled", "true"),
            Map.entry("springdoc.api-docs.version", "openapi_3_1"),
            Map.entry("springdoc.allowed-locales", "en"),
            Map.entry("springdoc.override-with-generic-response", "false"),
            Map.entry("springdoc.default-produces-media-type", "application/json"),
            Map.entry("springdoc.writer-with-order-by-keys", "true"),
            Map.entry("springdoc.writer-with-default-pretty-printer", "true"),
            Map.entry("springdoc.swagger-ui.validator-url", "none"),
            Map.entry("springdoc.swagger-ui.disable-swagger-default-url", "true"),
            Map.entry("springdoc.swagger-ui.persist-authorization", "false"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("platformApiDocs", DEFAULTS));
    }
}
