package io.payrecon.launcher.chaos;

import io.payrecon.benchkit.LatencyHistogram;
import io.payrecon.launcher.ledger.LedgerReport;
import io.payrecon.launcher.traffic.PlacedOrder;
import io.payrecon.launcher.traffic.TrafficRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A crash-suite run: the faults as they happened, what the traffic saw around each, and the ledger's verdict. */
public record ChaosReport(List<FaultRecord> faults, TrafficRecord traffic, LedgerReport ledger) {

    /** Steps intended this long after a recovery show whether the system is back at full speed. */
    static final Duration RECOVERY_WINDOW = Duration.ofSeconds(30);

    /**
     * When one of several instances is killed, the others should have taken over its partitions and caught up within
     * this (issue 21): the broker notices the dead member after its 10 s session timeout.
     */
    public static final Duration TAKEOVER_TARGET = Duration.ofSeconds(30);

    public ChaosReport {
        faults = List.copyOf(faults);
    }

    public boolean passed() {
        return ledger.passed() && faults.stream().allMatch(FaultRecord::recovered);
    }

    public void print(PrintStream out) {
        out.println("== Crash suite " + (passed() ? "PASSED" : "FAILED"));
        out.println("Faults:");
        for (FaultRecord fault : faults) {
            out.printf(
                    "  +%4.0f s  %-55s %5.1f s  %s%n",
                    (fault.startedNanos() - traffic.startedNanos()) / 1e9,
                    fault.fault().description(),
                    fault.seconds(),
                    fault.detail());
            out.println("           " + around(fault));
            if (fault.takeover() != null) {
                out.printf(
                        "           take-over: the others caught up %.1f s after the kill (target %d s: %s)%n",
                        fault.takeover().toMillis() / 1e3,
                        TAKEOVER_TARGET.toSeconds(),
                        withinTarget(fault) ? "met" : "MISSED");
            }
        }
        List<FaultRecord> takeovers =
                faults.stream().filter(f -> f.takeover() != null).toList();
        if (!takeovers.isEmpty()) {
            out.printf(
                    "Take-overs: %d kills of one instance, %d within %d s, slowest %.1f s%n",
                    takeovers.size(),
                    takeovers.stream().filter(ChaosReport::withinTarget).count(),
                    TAKEOVER_TARGET.toSeconds(),
                    takeovers.stream()
                                    .mapToLong(f -> f.takeover().toMillis())
                                    .max()
                                    .orElse(0)
                            / 1e3);
        }
        out.println("Traffic:");
        traffic.summary().lines().forEach(line -> out.println("  " + line));
        ledger.print(out);
    }

    /** Whether the take-over after this kill came within {@link #TAKEOVER_TARGET}; true for faults without one. */
    public static boolean withinTarget(FaultRecord fault) {
        return fault.takeover() == null || fault.takeover().compareTo(TAKEOVER_TARGET) <= 0;
    }

    /**
     * The status-event latency of payment steps intended during the fault, and of those intended from 30 s after
     * recovery for 30 s: the first shows the outage, the second whether throughput came back within 30 s.
     */
    private String around(FaultRecord fault) {
        LatencyHistogram during = new LatencyHistogram("during");
        LatencyHistogram after = new LatencyHistogram("after");
        long afterFrom = fault.recoveredNanos() + RECOVERY_WINDOW.toNanos();
        long afterTo = afterFrom + RECOVERY_WINDOW.toNanos();
        int duringWithout = 0;
        int afterWithout = 0;
        for (PlacedOrder order : traffic.orders()) {
            for (PlacedOrder.Step step : order.steps()) {
                long intended = step.intendedNanos();
                boolean inFault = intended >= fault.startedNanos() && intended < fault.recoveredNanos();
                boolean inAfter = intended >= afterFrom && intended < afterTo;
                if (!inFault && !inAfter) {
                    continue;
                }
                LatencyHistogram target = inFault ? during : after;
                if (step.statusEventNanos() > 0) {
                    target.record(step.statusEventNanos() - intended);
                } else if (inFault) {
                    duringWithout++;
                } else {
                    afterWithout++;
                }
            }
        }
        return "steps meant during it: %d, status event p50 %s, max %s (%d without own event);"
                        .formatted(
                                during.count() + duringWithout,
                                LatencyHistogram.format(during.millisAt(50)),
                                LatencyHistogram.format(during.maxMillis()),
                                duringWithout)
                + " 30-60 s after recovery: %d, p99 %s (%d without own event)"
                        .formatted(
                                after.count() + afterWithout,
                                LatencyHistogram.format(after.millisAt(99)),
                                afterWithout);
    }

    @Override
    public String toString() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        print(new PrintStream(text, true, StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8);
    }
}
