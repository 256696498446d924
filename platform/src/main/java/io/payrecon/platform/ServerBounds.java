package io.payrecon.platform;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The server's own bounds, the same in every app unless an app sets its own (these are the lowest-precedence
 * defaults). Request headers: 8 KB in all. Form bodies, which the server parses itself: no more than
 * {@link RequestBounds} allows any body. A body nobody reads (a refused request): at most that much is drained
 * before the connection is closed. Spring's form-content filter is off: it reads PUT, PATCH and DELETE form bodies into
 * memory without a bound (a 150 MB PUT ended in OutOfMemoryError), and no endpoint of ours takes such a form. Multipart
 * parsing is off too: the dispatcher would parse the parts of any request (up to 10 MB, into temporary files) whatever
 * its endpoint, and none of ours takes files.
 */
class ServerBounds implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            "server.max-http-request-header-size", "8KB",
            "server.tomcat.max-http-form-post-size", "64KB",
            "server.tomcat.max-swallow-size", "64KB",
            "spring.mvc.formcontent.filter.enabled", "false",
            "spring.servlet.multipart.enabled", "false");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("platformServerBounds", DEFAULTS));
    }
}
