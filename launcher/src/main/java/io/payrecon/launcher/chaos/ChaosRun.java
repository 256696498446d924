package io.payrecon.launcher.chaos;

import io.payrecon.devstack.DevStack;
import io.payrecon.launcher.App;
import io.payrecon.launcher.Credentials;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.Pipeline;
import io.payrecon.launcher.traffic.Scenario;
import io.payrecon.launcher.traffic.TrafficDriver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./pipeline chaos}: the crash suite's long form on a system of its own (devstack on free ports with
 * temporary data, the four apps on free ports, with {@code --instances 2} two of each but the sandbox), so it runs
 * next to a {@code ./pipeline up} without touching it.
 * Logs and the report go to {@code .pipeline/chaos/<time>/}. Exit code 0 when the ledger balanced.
 */
public final class ChaosRun {

    static final String USAGE = """
            Usage: ./pipeline chaos [options]
              --minutes N            how long traffic runs while faults cycle (30)
              --rate R               orders per second (4: what the provider's default tier of 300 requests/min
                                     allows link creation, less our quota's 10 % headroom, is 4.5)
              --raise-limits         run above the default tier: the sandbox's rate limit and our quota at
                                     1,000,000/min (needed for --rate above 4.5; the output says so)
              --instances N          N instances of the gateway, the reconciler and link-service each, each app
                                     behind a TCP load balancer (1); with 2 or more, the kill of an app is the
                                     kill -9 of one instance (another each cycle), and the report gives the time
                                     until the others took over its partitions and caught up (target 30 s)
              --pause-seconds S      how long PostgreSQL is stopped each time (30)
              --gateway-down-seconds S   how long the killed gateway (instance) stays down before its restart (25)
              --gap-seconds S        traffic between a recovery and the next fault (60)
              --no-hooks             leave out the two crashes at exact points (the reconciler between its DB and
                                     offset commits, link-service between outbox insert and publish)
              --reconciler-env K=V   an extra variable for the reconciler (repeatable), e.g.
                                     --reconciler-env RECONCILER_POLLING_LADDER=10s,20s
              --scenarios A,B        only these: FULL, PARTIAL_THEN_FULL, FAILED_THEN_FULL, REFUNDED (all)
              --seed N               the traffic's scenario mix and amounts
            """;

    private ChaosRun() {}

    public static int run(Path root, List<String> args, Map<String, String> environment, PrintStream out)
            throws IOException {
        int minutes = 30;
        double rate = 4;
        boolean raiseLimits = false;
        int pause = 30;
        int gatewayDown = 25;
        int gap = 60;
        int instances = 1;
        boolean hooks = true;
        Long seed = null;
        List<Scenario> scenarios = List.of();
        Map<String, String> reconcilerEnvironment = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--minutes" -> minutes = Integer.parseInt(value(args, ++i, arg));
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, arg));
                case "--pause-seconds" -> pause = Integer.parseInt(value(args, ++i, arg));
                case "--gateway-down-seconds" -> gatewayDown = Integer.parseInt(value(args, ++i, arg));
                case "--gap-seconds" -> gap = Integer.parseInt(value(args, ++i, arg));
                case "--instances" -> instances = Integer.parseInt(value(args, ++i, arg));
                case "--no-hooks" -> hooks = false;
                case "--raise-limits" -> raiseLimits = true;
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--scenarios" -> scenarios = Scenario.parse(value(args, ++i, arg));
                case "--reconciler-env" -> {
                    String pair = value(args, ++i, arg);
                    if (!pair.contains("=")) {
                        throw new IllegalArgumentException("--reconciler-env takes NAME=value, was " + pair);
                    }
                    reconcilerEnvironment.put(
                            pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    out.print("Unknown option " + arg + "\n" + USAGE);
                    return 2;
                }
            }
        }
        if (!raiseLimits && rate > ChaosEnvironment.ordersPerSecondWithin(ChaosEnvironment.DEFAULT_TIER)) {
            out.println("--rate " + rate + " needs more link creations per minute than the provider's default tier ("
                    + ChaosEnvironment.DEFAULT_TIER + " requests/min, "
                    + String.format(
                            Locale.ROOT, "%.1f", ChaosEnvironment.ordersPerSecondWithin(ChaosEnvironment.DEFAULT_TIER))
                    + " orders/s with our headroom): lower it, or add --raise-limits to run above the provider's "
                    + "limits");
            return 2;
        }
        if (instances < 1 || instances > 4) {
            out.println("--instances takes 1 to 4, was " + instances);
            return 2;
        }
        int tier = raiseLimits ? ChaosEnvironment.RAISED_TIER : ChaosEnvironment.DEFAULT_TIER;
        CrashSuite.Settings defaults = CrashSuite.Settings.longForm(minutes, rate);
        TrafficDriver.Settings traffic = defaults.traffic();
        if (seed != null) {
            traffic = traffic.withSeed(seed);
        }
        if (!scenarios.isEmpty()) {
            traffic = traffic.onlyScenarios(scenarios);
        }
        CrashSuite.Settings settings = new CrashSuite.Settings(
                traffic,
                defaults.duration(),
                defaults.warmup(),
                Duration.ofSeconds(gap),
                Duration.ofSeconds(gatewayDown),
                Duration.ofSeconds(pause),
                hooks,
                defaults.settlePatience());

        Path runDir = root.resolve(environment.getOrDefault("PIPELINE_HOME", ".pipeline"))
                .resolve("chaos")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        out.println("Crash suite, long form: " + minutes + " min at " + rate + " orders/s"
                + (instances > 1 ? ", " + instances + " instances of each app" : "") + "; logs in "
                + root.relativize(runDir));
        out.println(
                raiseLimits
                        ? "Provider limits RAISED for this run: the sandbox and our quota allow " + tier
                                + " requests/min per credential, not the provider's default tier of "
                                + ChaosEnvironment.DEFAULT_TIER + "."
                        : "Provider limits as the provider's default tier: " + tier
                                + " requests/min per credential (sandbox and our quota).");
        DevStack infrastructure = DevStack.shared();
        Credentials credentials = Credentials.generate();
        // The sandbox journals its deliveries, as the provider keeps its own: should it restart, the delivery log
        // (what the ledger check judges every delivery by) is still complete.
        Map<App, Map<String, String>> appEnvironment =
                new EnumMap<>(ChaosEnvironment.of(credentials, reconcilerEnvironment, tier));
        Map<String, String> sandbox = new LinkedHashMap<>(appEnvironment.getOrDefault(App.REQUEST_SANDBOX, Map.of()));
        sandbox.put(
                "SANDBOX_DATA_DIR",
                runDir.resolve("sandbox-data").toAbsolutePath().toString());
        appEnvironment.put(App.REQUEST_SANDBOX, sandbox);
        LocalSystem system = new LocalSystem(
                root,
                infrastructure,
                credentials,
                LocalSystem.freePorts(),
                LocalSystem.instancesOfEach(instances),
                inherited(environment),
                appEnvironment,
                // as ./pipeline up runs them: a long run at 20 orders/s needs C2's code, and the build's AOT cache
                // makes up for its slower warm-up
                Pipeline.jvmOptions(environment),
                runDir.resolve("logs"),
                null);
        try {
            system.start();
            ChaosReport report = new CrashSuite(system, settings, out).run();
            report.print(out);
            Files.writeString(runDir.resolve("report.txt"), report.toString(), StandardCharsets.UTF_8);
            out.println("Report: " + root.relativize(runDir.resolve("report.txt")));
            return report.passed() ? 0 : 1;
        } finally {
            system.close();
        }
    }

    /** What the apps inherit from the caller: enough to run a JVM, nothing that would rewire them. */
    public static Map<String, String> inherited(Map<String, String> environment) {
        Map<String, String> inherited = new LinkedHashMap<>();
        for (String name : List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR")) {
            if (environment.get(name) != null) {
                inherited.put(name, environment.get(name));
            }
        }
        return inherited;
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }
}
