package io.payrecon.benchkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a benchmark's results go: a folder of its own with the Markdown report (for {@code docs/performance.md}) and
 * each distribution as HdrHistogram's {@code .hgrm}; and the line describing the machine it ran on.
 */
public final class BenchReport {

    private final Path folder;
    private final PrintStream out;

    private BenchReport(Path folder, PrintStream out) {
        this.folder = folder;
        this.out = out;
    }

    /** {@code <parent>/<time><suffix>}, created; {@code out} hears of files that could not be written. */
    public static BenchReport under(Path parent, String suffix, PrintStream out) {
        Path folder =
                parent.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + suffix);
        try {
            return new BenchReport(Files.createDirectories(folder), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code folder} itself, created (an app benchmark's {@code target/bench}). */
    public static BenchReport in(Path folder, PrintStream out) {
        try {
            return new BenchReport(Files.createDirectories(folder), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** Writes {@code <name>.hgrm}; a failure is reported, not thrown (the run's figures are printed anyway). */
    public void saveDistribution(LatencyHistogram latency, String name) {
        try (PrintStream file =
                new PrintStream(Files.newOutputStream(folder.resolve(name + ".hgrm")), true, StandardCharsets.UTF_8)) {
            latency.printDistribution(file);
        } catch (IOException e) {
            out.println("Could not write " + name + ".hgrm: " + e.getMessage());
        }
    }

    /** Writes {@code text} to {@code fileName} in the folder, without printing it (a CSV file of the figures). */
    public void write(String fileName, String text) throws IOException {
        Files.writeString(folder.resolve(fileName), text, StandardCharsets.UTF_8);
        out.println("Wrote " + folder.resolve(fileName));
    }

    /** Prints the Markdown report and writes it to {@code fileName}. */
    public void publish(String fileName, String markdown) throws IOException {
        out.println();
        out.println(markdown);
        Files.writeString(folder.resolve(fileName), markdown, StandardCharsets.UTF_8);
    }

    /**
     * {@code 2 cores (CPU), 23 GB RAM, Linux 6.18 amd64, load average 1.0 at the start, Java 25.0.3 (OpenJDK 64-Bit
     * Server VM)}.
     */
    public static String machine() {
        String cpu = "unknown CPU";
        String memory = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal"))
                    .map(line -> ", " + Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GB RAM")
                    .findFirst()
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: say less
        }
        return "%d cores (%s)%s, %s %s %s, load average %.1f at the start, Java %s (%s)"
                .formatted(
                        Runtime.getRuntime().availableProcessors(),
                        cpu,
                        memory,
                        System.getProperty("os.name"),
                        System.getProperty("os.version"),
                        System.getProperty("os.arch"),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        System.getProperty("java.version"),
                        System.getProperty("java.vm.name"));
    }
}
