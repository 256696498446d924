package io.payrecon.launcher.chaos;

/**
 * One fault as it happened. Times are {@code System.nanoTime()}, comparable with the traffic driver's.
 *
 * @param recoveredNanos when everything hit was healthy again
 * @param recovered false when the part hit did not come back: the rest of the run means little then
 * @param detail pids, exit codes, durations, or why a crash hook had no effect
 */
public record FaultRecord(Fault fault, long startedNanos, long recoveredNanos, boolean recovered, String detail) {

    public double seconds() {
        return (recoveredNanos - startedNanos) / 1e9;
    }
}
