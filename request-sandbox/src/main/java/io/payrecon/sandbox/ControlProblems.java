package io.payrecon.sandbox;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a {@link SandboxProblem} of any control as {@code application/problem+json} (RFC 9457). */
@RestControllerAdvice
class ControlProblems {

    @ExceptionHandler(SandboxProblem.class)
    ProblemDetail problem(SandboxProblem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        detail.setTitle(problem.title());
        return detail;
    }
}
