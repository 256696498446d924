package io.payrecon.launcher;

import io.payrecon.devstack.DevStack;
import io.payrecon.launcher.chaos.ChaosEnvironment;
import io.payrecon.launcher.chaos.ChaosRun;
import io.payrecon.launcher.traffic.TrafficDriver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build's training run for the apps' ahead-of-time caches ({@link AppJar}): extracts each app's jar, starts the
 * whole system on a devstack of its own (free ports, temporary data) with every app recording, sends it the crash
 * suite's traffic (links created, paid, refunded and expired; webhooks signed, delivered, retried and duplicated) for a
 * few seconds, and stops it, so each JVM writes a cache of the classes it loaded and linked and the profiles of the
 * methods it ran. The next start of an app from {@code ./pipeline up}, a test or a benchmark reads that cache instead
 * of loading, verifying and linking the same classes again, and its JIT starts from the training's profiles.
 *
 * <p>Runs in the launcher module's {@code package} phase (after every app's jar is built); {@code -Daot.skip} skips
 * it, and the apps then start from their executable jars as before. It takes about a minute and a half on two idle
 * cores, and saves more than that in {@code ./mvnw verify}, whose system tests start the apps many times.
 */
public final class AotTraining {

    private static final double ORDERS_PER_SECOND = 10;

    private AotTraining() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
        Duration traffic = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        // A failed training fails no build: the apps then start from their executable jars, only slower, and
        // system-tests' AheadOfTimeCacheIT fails where a cache is expected.
        try {
            train(root, traffic, System.out);
        } catch (RuntimeException e) {
            System.out.println("AOT training failed, the apps start without a cache: " + e.getMessage());
        }
        System.exit(0);
    }

    static boolean train(Path root, Duration traffic, PrintStream out) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Map<App, AppJar> jars = new EnumMap<>(App.class);
        for (App app : App.values()) {
            AppJar jar = new AppJar(root.resolve(app.module()).resolve("target").resolve(app.module() + ".jar"));
            if (!Files.isRegularFile(jar.jar())) {
                out.println("AOT training skipped: " + jar.jar() + " is not built");
                return true;
            }
            jar.extract(java);
            jars.put(app, jar);
        }
        Path logs = root.resolve("launcher").resolve("target").resolve("aot-training");
        Files.createDirectories(logs);
        Map<String, String> environment = new LinkedHashMap<>(ChaosRun.inherited(System.getenv()));
        environment.put("PIPELINE_AOT", "train");
        try (DevStack infrastructure = DevStack.start(DevStack.Settings.ephemeral())) {
            Credentials credentials = Credentials.generate();
            LocalSystem system = new LocalSystem(
                    root,
                    infrastructure,
                    credentials,
                    LocalSystem.freePorts(),
                    environment,
                    ChaosEnvironment.of(credentials, Map.of(), ChaosEnvironment.RAISED_TIER),
                    Pipeline.DEFAULT_JVM_OPTIONS,
                    logs,
                    null);
            try {
                system.start();
                out.printf(
                        "AOT training: system up in %.1f s; traffic at %.0f orders/s for %d s (provider limits"
                                + " raised) ...%n",
                        seconds(started), ORDERS_PER_SECOND, traffic.toSeconds());
                try (TrafficDriver driver = new TrafficDriver(
                        SystemEndpoints.of(system),
                        TrafficDriver.Settings.defaults(ORDERS_PER_SECOND),
                        new PrintStream(Files.newOutputStream(logs.resolve("traffic.log")), true))) {
                    driver.start();
                    Thread.sleep(traffic);
                    driver.stopArrivals();
                    out.printf(
                            "AOT training: %d orders placed; stopping the apps, each writes its cache ...%n",
                            driver.placed());
                }
            } finally {
                system.close();
            }
        }
        List<App> missing = jars.entrySet().stream()
                .filter(entry -> !entry.getValue().cached())
                .map(Map.Entry::getKey)
                .toList();
        if (!missing.isEmpty()) {
            out.println("AOT training: no cache written for " + missing + "; see " + logs
                    + ". Those apps start from their executable jars, without a cache.");
            return false;
        }
        long bytes = 0;
        for (AppJar jar : jars.values()) {
            bytes += Files.size(jar.cache());
        }
        out.printf("AOT training: 4 caches written (%d MB) in %.1f s%n", bytes >> 20, seconds(started));
        return true;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
