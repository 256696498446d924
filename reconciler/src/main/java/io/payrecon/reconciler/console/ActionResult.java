package io.payrecon.reconciler.console;

import java.util.List;

/**
 * What a bulk action did ({@code console/result}, {@code #action-result}): a summary and each record's outcome.
 *
 * @param outcomes per record: its id, the result ({@code applied}, {@code discarded}, {@code not-applicable},
 *     {@code already-done}, {@code unknown}, {@code failed}) and why
 */
public record ActionResult(String section, String heading, String summary, List<Outcome> outcomes, String backUrl) {

    public record Outcome(String id, String result, String detail) {}
}
