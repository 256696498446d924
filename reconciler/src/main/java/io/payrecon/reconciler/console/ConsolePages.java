package io.payrecon.reconciler.console;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page has: the signed-in operator for the layout, and errors as pages (never JSON): an unknown
 * order or record is a 404 page saying so, a refused operation a page with the reason, anything else a 500 page.
 */
@ControllerAdvice(annotations = ConsoleController.class)
class ConsolePages {

    private static final Logger log = LoggerFactory.getLogger(ConsolePages.class);

    @ModelAttribute("operator")
    ConsoleOperator operator(Principal principal) {
        return ConsoleOperator.of(principal);
    }

    @ExceptionHandler(NotFound.class)
    ModelAndView notFound(NotFound e, Principal principal, HttpServletResponse response) {
        return page(HttpStatus.NOT_FOUND, e.getMessage(), principal);
    }

    @ExceptionHandler(ErrorResponseException.class)
    ModelAndView refused(ErrorResponseException e, Principal principal) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return page(status, e.getBody().getDetail(), principal);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception e, Principal principal) throws Exception {
        if (e instanceof org.springframework.web.servlet.resource.NoResourceFoundException) {
            return page(HttpStatus.NOT_FOUND, "There is no such page in the console.", principal);
        }
        log.error("Console page failed", e);
        return page(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the reconciler's log says what. Try again, or use the admin API.",
                principal);
    }

    static ModelAndView page(HttpStatus status, String message, Principal principal) {
        ModelAndView page = new ModelAndView("console/error", status);
        page.addObject("status", status.value());
        page.addObject("heading", ConsoleErrorViews.title(status.value()));
        page.addObject("message", message);
        page.addObject("operator", ConsoleOperator.of(principal));
        return page;
    }
}
