package io.payrecon.reconciler.admin;

import io.payrecon.platform.problem.ProblemType;
import org.springframework.web.ErrorResponseException;

/**
 * The admin API's errors, as {@code application/problem+json} with a detail a person can act on, each of its type
 * (docs/problems.md).
 */
public final class Problems {

    private Problems() {}

    public static ErrorResponseException badRequest(String detail) {
        return problem(ProblemType.INVALID_REQUEST, "Invalid parameter", detail);
    }

    public static ErrorResponseException unknownOrder(String detail) {
        return problem(ProblemType.UNKNOWN_ORDER, "Not found", detail);
    }

    public static ErrorResponseException unknownDeadLetter(long id) {
        return problem(
                ProblemType.UNKNOWN_DEAD_LETTER,
                "Not found",
                "No dead letter " + id + ": list them with GET /admin/dlt");
    }

    public static ErrorResponseException conflict(String detail) {
        return problem(ProblemType.ALREADY_DONE, "Already done", detail);
    }

    public static ErrorResponseException problem(ProblemType type, String title, String detail) {
        return new ErrorResponseException(type.status(), type.problem(title, detail), null);
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
