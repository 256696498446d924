package io.payrecon.benchkit;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a benchmark's processes and its byte counters (a database's WAL position, a broker's log size) stand at, read
 * at the start and at the end of each phase: their differences, divided by the events of the phase, are its
 * {@link PhaseCost}. The processes are named as the report shows them, each name for a set of processes found anew at
 * every reading (an app restarted between phases, several instances of one app); the driver, the benchmark's own JVM,
 * is shown apart and not counted in the pipeline's total.
 */
public final class CostMeter {

    /** One instant's figures: per process name, the cost of each of its processes by pid; per counter, its parts. */
    public record Reading(
            long nanoTime,
            double loadAverage,
            Map<String, Map<Long, ProcessCost>> processes,
            Map<String, Map<String, Long>> bytes) {}

    private final Map<String, Supplier<Collection<Long>>> processes = new LinkedHashMap<>();
    private final Map<String, Supplier<Map<String, Long>>> counters = new LinkedHashMap<>();
    private String driver;

    /**
     * A process of the measured system, read as a tree ({@link ProcessCost#ofTree}): {@code pids} answers the pids of
     * its running instances (none while stopped).
     */
    public CostMeter process(String name, Supplier<Collection<Long>> pids) {
        processes.put(name, pids);
        return this;
    }

    /** The benchmark's own JVM (its own threads only: the processes it started are measured apart). */
    public CostMeter driver(String name) {
        driver = name;
        return this;
    }

    /**
     * Bytes written so far, in parts ({@code topic → bytes}, or a single part): each part only grows, or the phase's
     * figure for it is meaningless (a Kafka segment deleted by retention, say).
     */
    public CostMeter bytes(String name, Supplier<Map<String, Long>> counter) {
        counters.put(name, counter);
        return this;
    }

    public synchronized Reading read() {
        Map<String, Map<Long, ProcessCost>> costs = new LinkedHashMap<>();
        processes.forEach((name, pids) -> {
            Map<Long, ProcessCost> byPid = new LinkedHashMap<>();
            for (long pid : pids.get()) {
                ProcessCost.ofTree(pid).ifPresent(cost -> byPid.put(pid, cost));
            }
            costs.put(name, byPid);
        });
        if (driver != null) {
            long self = ProcessHandle.current().pid();
            costs.put(
                    driver,
                    ProcessCost.ofProcess(self).map(cost -> Map.of(self, cost)).orElse(Map.of()));
        }
        Map<String, Map<String, Long>> bytes = new LinkedHashMap<>();
        counters.forEach((name, counter) -> bytes.put(name, counter.get()));
        return new Reading(
                System.nanoTime(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), costs, bytes);
    }

    /** The phase between two readings, {@code events} of the kind named {@code unit} ({@code webhook}) in it. */
    public PhaseCost between(String phase, String unit, long events, Reading start, Reading end) {
        List<PhaseCost.Process> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        end.processes().forEach((name, byPid) -> {
            Map<Long, ProcessCost> before = start.processes().getOrDefault(name, Map.of());
            ProcessCost sum = ProcessCost.NONE;
            for (Map.Entry<Long, ProcessCost> process : byPid.entrySet()) {
                sum = sum.plus(process.getValue().minus(before.getOrDefault(process.getKey(), ProcessCost.NONE)));
            }
            if (!byPid.keySet().containsAll(before.keySet())) {
                notes.add(name + " stopped during the phase: its cost from the phase's start until then is missing");
            }
            lines.add(new PhaseCost.Process(name, name.equals(driver), sum));
        });
        List<PhaseCost.Bytes> bytes = new ArrayList<>();
        end.bytes().forEach((name, parts) -> {
            Map<String, Long> before = start.bytes().getOrDefault(name, Map.of());
            Map<String, Long> written = new LinkedHashMap<>();
            parts.forEach((part, value) -> written.put(part, value - before.getOrDefault(part, 0L)));
            bytes.add(new PhaseCost.Bytes(name, written));
        });
        return new PhaseCost(
                phase, unit, events, (end.nanoTime() - start.nanoTime()) / 1e9, end.loadAverage(), lines, bytes, notes);
    }
}
