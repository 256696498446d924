package io.payrecon.benchkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one phase of a benchmark cost per event, process by process: CPU time in microseconds, its share of the
 * pipeline's, the bytes each process sent to storage and those of each byte counter (WAL, broker log). Per event,
 * not per second, so that two runs on a busy shared machine compare as ratios, and so that a capacity plan can
 * multiply them by a rate. Made by {@link CostMeter#between}.
 *
 * @param unit what an event is, singular ({@code webhook}, {@code row})
 * @param seconds the phase's wall-clock time, for the cores it kept busy
 * @param notes what makes a figure incomplete (a process that stopped during the phase)
 */
public record PhaseCost(
        String phase,
        String unit,
        long events,
        double seconds,
        double loadAverage,
        List<Process> processes,
        List<Bytes> bytes,
        List<String> notes) {

    /** @param driver the benchmark's own JVM: shown, not counted in the pipeline's total */
    public record Process(String name, boolean driver, ProcessCost cost) {}

    /** Bytes written by part ({@code topic → bytes}). */
    public record Bytes(String name, Map<String, Long> parts) {
        public long total() {
            return parts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The pipeline's processes together (the driver apart). */
    public ProcessCost pipeline() {
        return processes.stream()
                .filter(process -> !process.driver())
                .map(Process::cost)
                .reduce(ProcessCost.NONE, ProcessCost::plus);
    }

    /** CPU microseconds per event of the named process; NaN for a name not measured. */
    public double cpuMicros(String process) {
        return processes.stream()
                .filter(p -> p.name().equals(process))
                .mapToDouble(p -> perEvent(p.cost().cpuNanos() / 1e3))
                .findFirst()
                .orElse(Double.NaN);
    }

    public double pipelineCpuMicros() {
        return perEvent(pipeline().cpuNanos() / 1e3);
    }

    /** Bytes per event of the named counter; NaN for a name not measured. */
    public double bytesPerEvent(String counter) {
        return bytes.stream()
                .filter(b -> b.name().equals(counter))
                .mapToDouble(b -> perEvent(b.total()))
                .findFirst()
                .orElse(Double.NaN);
    }

    /**
     * A heading, the table of processes (CPU, cores busy, µs per event, share of the pipeline, bytes written per
     * event) and a line per byte counter, in Markdown.
     */
    public String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("#### Cost: %s (%,d %ss in %.1f s, load average %.1f at its end)\n\n"
                .formatted(phase, events, unit, seconds, loadAverage));
        if (events == 0) {
            text.append("No %s in this phase: its CPU is a fixed cost, not one per %s.\n\n".formatted(unit, unit));
        }
        text.append("| process | CPU | cores busy | µs per %s | share | written to storage per %s |\n"
                .formatted(unit, unit));
        text.append("|---|---:|---:|---:|---:|---:|\n");
        ProcessCost pipeline = pipeline();
        for (Process process : processes) {
            if (!process.driver()) {
                text.append(row(process.name(), process.cost(), share(process.cost(), pipeline)));
            }
        }
        text.append(row("**pipeline**", pipeline, "100 %"));
        for (Process process : processes) {
            if (process.driver()) {
                text.append(row(process.name() + " (not in the pipeline's figure)", process.cost(), "–"));
            }
        }
        text.append('\n');
        for (Bytes counter : bytes) {
            text.append("- %s: **%s per %s**".formatted(counter.name(), bytes(perEvent(counter.total())), unit));
            if (counter.parts().size() > 1) {
                text.append(counter.parts().entrySet().stream()
                        .filter(part -> part.getValue() != 0)
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .map(part -> part.getKey() + " " + bytes(perEvent(part.getValue())))
                        .collect(Collectors.joining(", ", " (", ")")));
            }
            text.append(" — %s in all, %s/s\n".formatted(bytes(counter.total()), bytes(counter.total() / seconds)));
        }
        for (String note : notes) {
            text.append("- Note: ").append(note).append('\n');
        }
        return text.toString();
    }

    /**
     * One row per phase, a column per process and per counter, in Markdown: the run's figures side by side, for
     * comparing runs as ratios.
     */
    public static String summary(List<PhaseCost> phases) {
        if (phases.isEmpty()) {
            return "";
        }
        List<String> names =
                phases.getFirst().processes().stream().map(Process::name).toList();
        List<String> counters =
                phases.getFirst().bytes().stream().map(Bytes::name).toList();
        StringBuilder text = new StringBuilder("| phase | events |");
        names.forEach(name -> text.append(" ").append(name).append(" µs |"));
        text.append(" **pipeline µs** |");
        counters.forEach(name -> text.append(" ").append(name).append(" |"));
        text.append("\n|---|---:|")
                .append("---:|".repeat(names.size() + 1 + counters.size()))
                .append('\n');
        for (PhaseCost phase : phases) {
            if (phase.events() == 0) {
                continue; // a fixed cost (an app's start): its own table says what it was
            }
            text.append("| %s | %,d %ss |".formatted(phase.phase(), phase.events(), phase.unit()));
            names.forEach(name ->
                    text.append(" ").append(micros(phase.cpuMicros(name))).append(" |"));
            text.append(" **").append(micros(phase.pipelineCpuMicros())).append("** |");
            counters.forEach(name ->
                    text.append(" ").append(bytes(phase.bytesPerEvent(name))).append(" |"));
            text.append('\n');
        }
        return text.toString();
    }

    /**
     * Every figure of every phase, one per line, for recomputing from a run what its report derives (the capacity
     * table of docs/operations.md): {@code phase,unit,events,seconds,what,measure,total,per_event}, where
     * {@code measure} is {@code cpu_us} or {@code written_bytes} of a process or {@code bytes} of a counter's part.
     */
    public static String csv(List<PhaseCost> phases) {
        StringBuilder text = new StringBuilder("phase,unit,events,seconds,what,measure,total,per_event\n");
        for (PhaseCost phase : phases) {
            String prefix =
                    "\"%s\",%s,%d,%.3f,".formatted(phase.phase(), phase.unit(), phase.events(), phase.seconds());
            for (Process process : phase.processes()) {
                double micros = process.cost().cpuNanos() / 1e3;
                text.append(prefix)
                        .append(String.format(
                                Locale.ROOT,
                                "\"%s\",cpu_us,%.0f,%.2f%n",
                                process.name(),
                                micros,
                                phase.perEvent(micros)));
                text.append(prefix)
                        .append(String.format(
                                Locale.ROOT,
                                "\"%s\",written_bytes,%d,%.1f%n",
                                process.name(),
                                process.cost().writeBytes(),
                                phase.perEvent(process.cost().writeBytes())));
            }
            for (Bytes counter : phase.bytes()) {
                counter.parts()
                        .forEach((part, bytes) -> text.append(prefix)
                                .append(String.format(
                                        Locale.ROOT,
                                        "\"%s: %s\",bytes,%d,%.1f%n",
                                        counter.name(),
                                        part,
                                        bytes,
                                        phase.perEvent(bytes))));
            }
        }
        return text.toString();
    }

    private String row(String name, ProcessCost cost, String share) {
        return "| %s | %.1f s | %.2f | %s | %s | %s |\n"
                .formatted(
                        name,
                        cost.cpuSeconds(),
                        cost.cpuSeconds() / seconds,
                        micros(perEvent(cost.cpuNanos() / 1e3)),
                        share,
                        cost.writeBytes() < 0 ? "unknown" : bytes(perEvent(cost.writeBytes())));
    }

    private static String share(ProcessCost part, ProcessCost whole) {
        return whole.cpuNanos() == 0 ? "–" : "%.0f %%".formatted(100.0 * part.cpuNanos() / whole.cpuNanos());
    }

    private double perEvent(double amount) {
        return events == 0 ? Double.NaN : amount / events;
    }

    /** {@code 1,234} or {@code 12.3} (below 100) or {@code –}. */
    public static String micros(double micros) {
        if (Double.isNaN(micros)) {
            return "–";
        }
        return String.format(Locale.ROOT, micros < 100 ? "%.1f" : "%,.0f", micros);
    }

    /** {@code 512 B}, {@code 4.21 kB}, {@code 12.3 MB}: three figures, powers of 1,000. */
    public static String bytes(double bytes) {
        if (Double.isNaN(bytes)) {
            return "–";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int unit = 0;
        double value = bytes;
        while (Math.abs(value) >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        if (unit == 0) {
            return String.format(Locale.ROOT, "%.0f B", value);
        }
        String format = Math.abs(value) < 10 ? "%.2f %s" : Math.abs(value) < 100 ? "%.1f %s" : "%.0f %s";
        return String.format(Locale.ROOT, format, value, units[unit]);
    }
}
