package io.payrecon.benchmarks;

import io.payrecon.devstack.DevStack;
import io.payrecon.launcher.App;
import io.payrecon.launcher.Credentials;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.chaos.ChaosRun;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the pipeline's benchmarks share: a devstack and apps of their own (free ports, temporary data), the folder
 * their results go to, and a line describing the machine they ran on.
 */
final class BenchSystem {

    private BenchSystem() {}

    /** A benchmark given its options. */
    @FunctionalInterface
    interface Run<O> {
        /** @return the process exit code */
        int run(O options) throws Exception;
    }

    /**
     * Parses the options ({@code parse} answers null for {@code --help}) and runs the benchmark with them; prints the
     * usage instead for {@code --help} (exit code 0) and after a bad option (2).
     */
    static <O> int parseThenRun(
            List<String> args, PrintStream out, String usage, Function<List<String>, O> parse, Run<O> run)
            throws Exception {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.print(usage);
            return 2;
        }
        if (options == null) {
            out.print(usage);
            return 0;
        }
        return run.run(options);
    }

    /** {@code <PIPELINE_HOME>/bench/<time><suffix>}, created. */
    static Path outputDir(Path root, Map<String, String> environment, String suffix) throws IOException {
        Path outputDir = root.resolve(environment.getOrDefault("PIPELINE_HOME", ".pipeline"))
                .resolve("bench")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + suffix);
        return Files.createDirectories(outputDir);
    }

    /** The apps' JVM options: {@code PIPELINE_JAVA_OPTS}, by default a small heap and the serial collector. */
    static List<String> jvmOptions(Map<String, String> environment) {
        return List.of(environment
                .getOrDefault("PIPELINE_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC")
                .trim()
                .split("\\s+"));
    }

    /** Kafka (3 partitions) and PostgreSQL on free ports, their data in a new temporary folder. */
    static DevStack devstack(boolean durable) {
        return DevStack.start(DevStack.Settings.ephemeral().withDurable(durable));
    }

    /** The apps wired to {@code infrastructure}, not started yet; their logs go to {@code outputDir/logs}. */
    static LocalSystem system(
            Path root,
            DevStack infrastructure,
            Credentials credentials,
            Map<String, String> environment,
            Map<App, Map<String, String>> appEnvironment,
            Path outputDir) {
        return new LocalSystem(
                root,
                infrastructure,
                credentials,
                LocalSystem.freePorts(),
                ChaosRun.inherited(environment),
                appEnvironment,
                jvmOptions(environment),
                outputDir.resolve("logs"),
                null);
    }

    static String machine() {
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
        return "%d cores (%s)%s, load average %.1f at the start, Java %s"
                .formatted(
                        Runtime.getRuntime().availableProcessors(),
                        cpu,
                        memory,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        System.getProperty("java.version"));
    }
}
