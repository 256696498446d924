package io.payrecon.benchmarks;

import io.payrecon.benchkit.BenchReport;
import io.payrecon.devstack.DevStack;
import io.payrecon.launcher.App;
import io.payrecon.launcher.Credentials;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.chaos.ChaosRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline's benchmarks share besides the kit: a devstack and apps of their own (free ports, temporary
 * data) and the folder their results go to.
 */
final class BenchSystem {

    private BenchSystem() {}

    /** The results folder {@code <PIPELINE_HOME>/bench/<time><suffix>}, created. */
    static BenchReport results(Path root, Map<String, String> environment, String suffix, PrintStream out) {
        return BenchReport.under(
                root.resolve(environment.getOrDefault("PIPELINE_HOME", ".pipeline"))
                        .resolve("bench"),
                suffix,
                out);
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
}
