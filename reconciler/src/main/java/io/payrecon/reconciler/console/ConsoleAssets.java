package io.payrecon.reconciler.console;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's own stylesheet and htmx, served by the reconciler under {@code /console/assets/} (open before
 * sign-in, for the sign-in page): nothing is fetched from elsewhere, so the console works in a closed network.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleAssets implements WebMvcConfigurer {

    /** The htmx webjar's version (reconciler/pom.xml), in the path it is unpacked at. */
    static final String HTMX = "classpath:/META-INF/resources/webjars/htmx.org/2.0.4/dist/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/htmx/**")
                .addResourceLocations(HTMX)
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)));
        registry.addResourceHandler("/console/assets/**")
                .addResourceLocations("classpath:/console-assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)));
    }
}
