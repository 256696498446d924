package io.payrecon.sandbox.payment;

import io.payrecon.sandbox.SandboxProblem;
import org.springframework.http.HttpStatus;

/** A payment, failure or refund that cannot be simulated as asked; the message says why and what to do. */
public final class PaymentRefused extends SandboxProblem {

    private PaymentRefused(HttpStatus status, String title, String detail) {
        super(status, title, detail);
    }

    static PaymentRefused invalid(String detail) {
        return new PaymentRefused(HttpStatus.BAD_REQUEST, "Payment cannot be simulated", detail);
    }

    static PaymentRefused notPayable(String detail) {
        return new PaymentRefused(HttpStatus.CONFLICT, "Link is not payable", detail);
    }

    static PaymentRefused unknownLink(String token) {
        return new PaymentRefused(
                HttpStatus.NOT_FOUND,
                "Unknown secure payment",
                "No secure payment has token " + token
                        + ": create one with POST /v2/secure-payments (without sandbox.data-dir, a restart forgets"
                        + " links)");
    }
}
