package io.payrecon.benchmarks;

import io.payrecon.benchkit.BenchReport;
import io.payrecon.devstack.DevStack;
import io.payrecon.launcher.App;
import io.payrecon.launcher.Credentials;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.Pipeline;
import io.payrecon.launcher.chaos.ChaosRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What each of the pipeline's benchmarks runs on: a devstack of its own (free ports, temporary data) and the apps it
 * measures, each its own process started from its jar with new credentials. Closing stops the apps, then the
 * devstack.
 */
final class BenchSystem implements AutoCloseable {

    private final DevStack infrastructure;
    private final LocalSystem system;
    private final List<String> jvmOptions;

    private BenchSystem(DevStack infrastructure, LocalSystem system, List<String> jvmOptions) {
        this.infrastructure = infrastructure;
        this.system = system;
        this.jvmOptions = jvmOptions;
    }

    /** The results folder {@code <PIPELINE_HOME>/bench/<time><suffix>}, created. */
    static BenchReport results(Path root, Map<String, String> environment, String suffix, PrintStream out) {
        return BenchReport.under(
                root.resolve(environment.getOrDefault("PIPELINE_HOME", ".pipeline"))
                        .resolve("bench"),
                suffix,
                out);
    }

    /**
     * Starts Kafka (3 partitions) and PostgreSQL ({@code durable}: fsync on), then {@code apps} wired to them, each with
     * its {@code appEnvironment} on top of the caller's {@code environment} and its log in {@code outputDir/logs}, and
     * waits until they are healthy. The other apps are not started.
     */
    static BenchSystem start(
            Path root,
            Map<String, String> environment,
            boolean durable,
            Map<App, Map<String, String>> appEnvironment,
            List<App> apps,
            Path outputDir) {
        return start(root, environment, durable, appEnvironment, Map.of(), apps, outputDir);
    }

    /** As above, with more than one instance of some apps (behind a load balancer each, see {@link LocalSystem}). */
    static BenchSystem start(
            Path root,
            Map<String, String> environment,
            boolean durable,
            Map<App, Map<String, String>> appEnvironment,
            Map<App, Integer> instances,
            List<App> apps,
            Path outputDir) {
        List<String> jvmOptions = jvmOptions(environment);
        DevStack infrastructure = DevStack.start(DevStack.Settings.ephemeral().withDurable(durable));
        LocalSystem system = new LocalSystem(
                root,
                infrastructure,
                Credentials.generate(),
                LocalSystem.freePorts(),
                instances,
                ChaosRun.inherited(environment),
                appEnvironment,
                jvmOptions,
                outputDir.resolve("logs"),
                null);
        BenchSystem bench = new BenchSystem(infrastructure, system, jvmOptions);
        try {
            system.start(apps);
            return bench;
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    /** The apps, and through it the devstack and the credentials. */
    LocalSystem system() {
        return system;
    }

    /** The apps' JVM options: {@code PIPELINE_JAVA_OPTS}, by default {@code ./pipeline up}'s. */
    List<String> jvmOptions() {
        return jvmOptions;
    }

    private static List<String> jvmOptions(Map<String, String> environment) {
        return Pipeline.jvmOptions(environment);
    }

    @Override
    public void close() {
        try {
            system.close();
        } finally {
            infrastructure.close();
        }
    }
}
