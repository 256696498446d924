package io.payrecon.sandbox.payment;

import io.payrecon.platform.problem.ProblemType;
import io.payrecon.sandbox.SandboxProblem;

/** A payment, failure or refund that cannot be simulated as asked; the message says why and what to do. */
public final class PaymentRefused extends SandboxProblem {

    private PaymentRefused(ProblemType type, String title, String detail) {
        super(type, title, detail);
    }

    static PaymentRefused invalid(String detail) {
        return new PaymentRefused(ProblemType.INVALID_REQUEST, "Payment cannot be simulated", detail);
    }

    static PaymentRefused notPayable(String detail) {
        return new PaymentRefused(ProblemType.LINK_NOT_PAYABLE, "Link is not payable", detail);
    }

    static PaymentRefused unknownLink(String token) {
        return new PaymentRefused(
                ProblemType.UNKNOWN_SECURE_PAYMENT,
                "Unknown secure payment",
                "No secure payment has token " + token
                        + ": create one with POST /v2/secure-payments (without sandbox.data-dir, a restart forgets"
                        + " links)");
    }
}
