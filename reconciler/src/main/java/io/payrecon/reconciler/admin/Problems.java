package io.payrecon.reconciler.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The admin API's errors, as {@code application/problem+json} with a detail a person can act on. */
final class Problems {

    private Problems() {}

    static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid parameter", detail);
    }

    static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    static ErrorResponseException conflict(String detail) {
        return problem(HttpStatus.CONFLICT, "Already done", detail);
    }

    static ErrorResponseException unavailable(String title, String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, title, detail);
    }

    static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
