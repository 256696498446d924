package io.payrecon.reconciler.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The admin API's errors, as {@code application/problem+json} with a detail a person can act on. */
public final class Problems {

    private Problems() {}

    public static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid parameter", detail);
    }

    public static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    public static ErrorResponseException conflict(String detail) {
        return problem(HttpStatus.CONFLICT, "Already done", detail);
    }

    public static ErrorResponseException unavailable(String title, String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, title, detail);
    }

    public static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    /** The most entries one page of a listing may hold. */
    public static final int MAX_LIMIT = 1000;

    /** A listing's page size, checked: 400 outside 1..{@link #MAX_LIMIT}. */
    public static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
