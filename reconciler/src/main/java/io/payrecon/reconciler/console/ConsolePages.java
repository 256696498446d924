package io.payrecon.reconciler.console;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * What every console page has: the signed-in operator for the layout, and errors as pages (never JSON): an unknown
 * order or record is a 404 page saying so, a refused operation a page with the reason, anything else a 500 page.
 */
@ControllerAdvice(annotations = ConsoleController.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's problem+json advice, which would answer the API's way
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

    /** A refusal with a status and a reason: the admin operations' problems, Spring MVC's (400, 404, 405). */
    @ExceptionHandler(ErrorResponseException.class)
    ModelAndView refused(ErrorResponseException e, Principal principal) {
        return refusal(e, principal);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception e, Principal principal) {
        if (e instanceof ErrorResponse refusal) {
            return refusal(refusal, principal);
        }
        if (e instanceof TypeMismatchException mismatch) {
            return page(
                    HttpStatus.BAD_REQUEST,
                    "The value of " + mismatch.getPropertyName() + " is not what the page expects; nothing was done.",
                    principal);
        }
        log.error("Console page failed", e);
        return page(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the reconciler's log says what. Try again, or use the admin API.",
                principal);
    }

    private static ModelAndView refusal(ErrorResponse refusal, Principal principal) {
        HttpStatus status = HttpStatus.valueOf(refusal.getStatusCode().value());
        String detail = refusal.getBody().getDetail();
        return page(
                status,
                status == HttpStatus.NOT_FOUND && refusal instanceof NoResourceFoundException
                        ? "There is no such page in the console."
                        : detail == null ? "The request could not be handled." : detail,
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
