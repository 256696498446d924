package io.payrecon.launcher.ledger;

import io.payrecon.events.PaymentStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a ledger check.
 *
 * @param expectedByStatus how many orders were expected in each status (what was checked)
 * @param rounds how many times the check ran before it passed or ran out of patience
 */
public record LedgerReport(
        List<Discrepancy> discrepancies,
        int ordersChecked,
        Map<PaymentStatus, Long> expectedByStatus,
        int deliveriesChecked,
        int statusEventsRead,
        int rounds,
        Duration took) {

    private static final int MAX_SUBJECTS_PRINTED = 200;

    public LedgerReport {
        discrepancies = List.copyOf(discrepancies);
        expectedByStatus = Map.copyOf(expectedByStatus);
    }

    public boolean passed() {
        return discrepancies.isEmpty();
    }

    /** The verdict in one line, then every discrepancy grouped by order. */
    public void print(PrintStream out) {
        Map<String, List<String>> bySubject = LedgerComparison.bySubject(discrepancies);
        out.printf(
                "Ledger check: %d orders (expected %s), %d deliveries accepted by the gateway, %d status events;"
                        + " %d round(s) in %d s: %s%n",
                ordersChecked,
                expectedByStatus,
                deliveriesChecked,
                statusEventsRead,
                rounds,
                took.toSeconds(),
                passed()
                        ? "no discrepancies"
                        : discrepancies.size() + " discrepancies in " + bySubject.size() + " subjects");
        int printed = 0;
        for (var subject : bySubject.entrySet()) {
            if (printed++ == MAX_SUBJECTS_PRINTED) {
                out.printf("  … and %d more subjects%n", bySubject.size() - MAX_SUBJECTS_PRINTED);
                break;
            }
            out.println("  " + subject.getKey() + ":");
            subject.getValue().forEach(problem -> out.println("    - " + problem));
        }
    }

    @Override
    public String toString() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        print(new PrintStream(text, true, StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8);
    }
}
