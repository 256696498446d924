package io.payrecon.launcher.ledger;

/**
 * One thing the system got wrong.
 *
 * @param subject the order it concerns ({@code order <id>}), or {@code system} for what concerns no single order
 * @param problem what is wrong, with the values that disagree
 */
public record Discrepancy(String subject, String problem) {

    static final String SYSTEM = "system";

    static Discrepancy order(String orderId, String problem) {
        return new Discrepancy("order " + orderId, problem);
    }

    static Discrepancy system(String problem) {
        return new Discrepancy(SYSTEM, problem);
    }
}
