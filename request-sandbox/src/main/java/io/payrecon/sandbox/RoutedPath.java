package io.payrecon.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Whether a request is for a path, decided the way requests are routed, for the filters that guard a group of
 * endpoints. The raw {@code getRequestURI()} is not that path: Spring MVC drops matrix parameters and decodes each
 * segment before it matches a controller, so {@code /v2;x/request/1} and {@code /%76%32/request/1} both reach
 * {@code GET /v2/request/{requestId}}; Tomcat's servlet path is decoded and normalized too (no matrix parameters,
 * dot segments or double slashes). A request counts as matching when either view matches, so a guard never sees less
 * than a controller does.
 */
public final class RoutedPath {

    /** Tomcat's servlet path is already decoded: matched segment by segment, nothing decoded or dropped again. */
    private static final PathContainer.Options AS_IS = PathContainer.Options.create('/', false);

    private RoutedPath() {}

    /** A pattern in Spring MVC's syntax, such as {@code /v2/**} or {@code /v2/secure-payments/{token}}. */
    public static PathPattern pattern(String pattern) {
        return PathPatternParser.defaultInstance.parse(pattern);
    }

    public static boolean matches(HttpServletRequest request, PathPattern pattern) {
        PathContainer routed = RequestPath.parse(request.getRequestURI(), request.getContextPath())
                .pathWithinApplication();
        String pathInfo = request.getPathInfo();
        String mapped = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
        return pattern.matches(routed) || pattern.matches(PathContainer.parsePath(mapped, AS_IS));
    }
}
