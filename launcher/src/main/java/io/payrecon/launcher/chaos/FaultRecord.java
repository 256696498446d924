package io.payrecon.launcher.chaos;

import java.time.Duration;

/**
 * One fault as it happened. Times are {@code System.nanoTime()}, comparable with the traffic driver's.
 *
 * @param recoveredNanos when everything hit was healthy again
 * @param recovered false when the part hit did not come back: the rest of the run means little then
 * @param detail pids, exit codes, durations, or why a crash hook had no effect
 * @param takeover for a kill of one of several instances: from the kill until the survivors had taken over its
 *     partitions and caught up with the log; null for the other faults
 */
public record FaultRecord(
        Fault fault, long startedNanos, long recoveredNanos, boolean recovered, String detail, Duration takeover) {

    public FaultRecord(Fault fault, long startedNanos, long recoveredNanos, boolean recovered, String detail) {
        this(fault, startedNanos, recoveredNanos, recovered, detail, null);
    }

    public double seconds() {
        return (recoveredNanos - startedNanos) / 1e9;
    }
}
