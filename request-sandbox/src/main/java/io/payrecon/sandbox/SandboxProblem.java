package io.payrecon.sandbox;

import io.payrecon.platform.problem.ProblemType;

/**
 * A control call ({@code /sandbox/...}) that cannot be done as asked; answered as {@code application/problem+json}
 * of its type (docs/problems.md) by {@link ControlProblems}, with a detail a person can act on.
 */
public class SandboxProblem extends RuntimeException {

    private final ProblemType type;
    private final String title;

    public SandboxProblem(ProblemType type, String title, String detail) {
        super(detail);
        this.type = type;
        this.title = title;
    }

    public static SandboxProblem badRequest(String title, String detail) {
        return new SandboxProblem(ProblemType.INVALID_REQUEST, title, detail);
    }

    public ProblemType type() {
        return type;
    }

    public String title() {
        return title;
    }
}
