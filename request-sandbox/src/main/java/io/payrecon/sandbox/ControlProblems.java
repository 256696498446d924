package io.payrecon.sandbox;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a {@link SandboxProblem} of any control as {@code application/problem+json} (RFC 9457). */
@RestControllerAdvice
class ControlProblems {

    @ExceptionHandler(SandboxProblem.class)
    ResponseEntity<ProblemDetail> problem(SandboxProblem problem) {
        return ResponseEntity.status(problem.type().status())
                .body(problem.type().problem(problem.title(), problem.getMessage()));
    }
}
