package io.payrecon.reconciler.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * The console's own stylesheet and htmx, served by the reconciler under {@code /console/assets/} (open before
 * sign-in, for the sign-in page): nothing is fetched from elsewhere, so the console works in a closed network.
 *
 * <p>Mapped ahead of the controllers, so that {@link ConsoleNotFound}'s catch-all {@code /console/**} (every other
 * unknown console path: a 404 page, not the API's problem+json) does not hide them.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleAssets {

    /** The htmx webjar's version (reconciler/pom.xml), in the path it is unpacked at. */
    static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.4/dist/";

    @Bean
    ResourceHttpRequestHandler consoleStyles() {
        return assets("console-assets/", Duration.ofMinutes(5));
    }

    @Bean
    ResourceHttpRequestHandler consoleHtmx() {
        return assets(HTMX, Duration.ofHours(1));
    }

    @Bean
    SimpleUrlHandlerMapping consoleAssetsMapping(
            ResourceHttpRequestHandler consoleStyles, ResourceHttpRequestHandler consoleHtmx) {
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(
                Map.of("/console/assets/htmx/**", consoleHtmx, "/console/assets/**", consoleStyles));
        mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return mapping;
    }

    private static ResourceHttpRequestHandler assets(String location, Duration maxAge) {
        ResourceHttpRequestHandler handler = new ResourceHttpRequestHandler();
        handler.setLocations(List.of(new ClassPathResource(location)));
        handler.setCacheControl(CacheControl.maxAge(maxAge));
        return handler;
    }
}
