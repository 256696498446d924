package io.payrecon.sandbox;

import org.springframework.http.HttpStatus;

/**
 * A control call ({@code /sandbox/...}) that cannot be done as asked; answered as {@code application/problem+json}
 * by {@link ControlProblems}, with a detail a person can act on.
 */
public class SandboxProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    public SandboxProblem(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static SandboxProblem badRequest(String title, String detail) {
        return new SandboxProblem(HttpStatus.BAD_REQUEST, title, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
