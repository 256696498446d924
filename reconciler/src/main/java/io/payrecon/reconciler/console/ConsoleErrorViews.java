package io.payrecon.reconciler.console;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors under {@code /console} that no console controller answered (a refusal by the security chain, a path that
 * does not exist) as the console's error page rather than Boot's; other paths keep Boot's error handling.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrorViews implements ErrorViewResolver {

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        Object path = model.get("path");
        if (!(path instanceof String asked) || !(asked.equals("/console") || asked.startsWith("/console/"))) {
            return null;
        }
        Map<String, Object> page = new HashMap<>();
        page.put("status", status.value());
        page.put("heading", title(status.value()));
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        page.put(
                "message",
                status.value() == 403 && message instanceof String refusal && !refusal.isBlank()
                        ? refusal
                        : defaultMessage(status.value()));
        page.put("operator", signedIn(request));
        return new ModelAndView("console/error", page, status);
    }

    static String title(int status) {
        return switch (status) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            default -> status >= 500 ? "Something went wrong" : "Cannot do that";
        };
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 403 -> "You may not do that. Nothing was done.";
            case 404 -> "There is no such page in the console.";
            default ->
                status >= 500
                        ? "Something went wrong on our side; the reconciler's log says what."
                        : "The request could not be handled.";
        };
    }

    /** The error dispatch runs outside the console's security chain: the operator is read from their session. */
    private static ConsoleOperator signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context instanceof SecurityContext security ? ConsoleOperator.of(security.getAuthentication()) : null;
    }
}
