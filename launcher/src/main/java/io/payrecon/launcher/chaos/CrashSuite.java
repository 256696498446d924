package io.payrecon.launcher.chaos;

import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemEndpoints;
import io.payrecon.launcher.ledger.LedgerCheck;
import io.payrecon.launcher.ledger.LedgerReport;
import io.payrecon.launcher.traffic.Pacing;
import io.payrecon.launcher.traffic.TrafficDriver;
import io.payrecon.launcher.traffic.TrafficRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the traffic driver against a started {@link LocalSystem}, applies the faults one after the other (each
 * once in the short form; in cycles until the duration is over in the long form), lets the traffic drain and
 * checks the ledger.
 */
public final class CrashSuite {

    /** The faults every run applies, in this order. */
    public static final List<Fault> PLAIN_FAULTS = List.of(
            Fault.KILL_WEBHOOK_GATEWAY,
            Fault.KILL_RECONCILER,
            Fault.KILL_LINK_SERVICE,
            Fault.KILL_KAFKA,
            Fault.PAUSE_POSTGRES);

    /** The faults that need a crash hook in the app's jar. */
    public static final Map<Fault, CrashHook> HOOKS = Map.of(
            Fault.HALT_RECONCILER_BETWEEN_COMMITS, CrashHook.RECONCILER_BETWEEN_COMMITS,
            Fault.HALT_LINK_SERVICE_BEFORE_PUBLISH, CrashHook.LINK_SERVICE_BEFORE_PUBLISH);

    /**
     * How to run.
     *
     * @param traffic the driver's settings
     * @param duration how long traffic runs at least; faults cycle until it is over (one cycle when it is short)
     * @param warmup traffic before the first fault
     * @param gap traffic between one fault's recovery and the next fault
     * @param gatewayDowntime how long the killed gateway stays down before its restart
     * @param postgresPause how long PostgreSQL stays stopped
     * @param withHooks whether to add the crash-hook faults to each cycle
     * @param settlePatience how long the ledger check may wait for the system to quiesce and polling to recover
     */
    public record Settings(
            TrafficDriver.Settings traffic,
            Duration duration,
            Duration warmup,
            Duration gap,
            Duration gatewayDowntime,
            Duration postgresPause,
            boolean withHooks,
            Duration settlePatience) {

        /**
         * The CI form: every fault once, the crash hooks included, at 4 orders/s (within the provider's default tier),
         * PostgreSQL stopped for 10 s; about four minutes.
         */
        public static Settings shortForm() {
            return new Settings(
                    TrafficDriver.Settings.defaults(4),
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(25),
                    Duration.ofSeconds(10),
                    true,
                    Duration.ofMinutes(3));
        }

        /** The long form: faults in cycles for {@code minutes}, PostgreSQL stopped for 30 s each time. */
        public static Settings longForm(int minutes, double ordersPerSecond) {
            return new Settings(
                    TrafficDriver.Settings.defaults(ordersPerSecond),
                    Duration.ofMinutes(minutes),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(25),
                    Duration.ofSeconds(30),
                    true,
                    Duration.ofMinutes(5));
        }

        /** The same run with other traffic settings. */
        public Settings withTraffic(TrafficDriver.Settings newTraffic) {
            return new Settings(
                    newTraffic, duration, warmup, gap, gatewayDowntime, postgresPause, withHooks, settlePatience);
        }

        public List<Fault> cycle() {
            List<Fault> faults = new ArrayList<>(PLAIN_FAULTS);
            if (withHooks) {
                faults.add(Fault.HALT_RECONCILER_BETWEEN_COMMITS);
                faults.add(Fault.HALT_LINK_SERVICE_BEFORE_PUBLISH);
            }
            return faults;
        }
    }

    private final LocalSystem system;
    private final Settings settings;
    private final PrintStream out;

    public CrashSuite(LocalSystem system, Settings settings, PrintStream out) {
        this.system = system;
        this.settings = settings;
        this.out = out;
    }

    /**
     * The faults of one cycle on this system: {@link Settings#cycle()}, where an app runs more than one instance with
     * the kill of one of them instead (a different one each cycle), timing how long the others take to take over.
     */
    public List<Fault> cycle() {
        return settings.cycle().stream()
                .map(fault -> switch (fault) {
                    case KILL_WEBHOOK_GATEWAY, KILL_RECONCILER, KILL_LINK_SERVICE ->
                        system.instances(killed(fault)).size() > 1 ? fault.oneInstance() : fault;
                    default -> fault;
                })
                .toList();
    }

    private static App killed(Fault fault) {
        return switch (fault) {
            case KILL_WEBHOOK_GATEWAY -> App.WEBHOOK_GATEWAY;
            case KILL_RECONCILER -> App.RECONCILER;
            default -> App.LINK_SERVICE;
        };
    }

    public ChaosReport run() {
        SystemEndpoints endpoints = SystemEndpoints.of(system);
        FaultInjector injector = new FaultInjector(
                system,
                settings.gatewayDowntime(),
                settings.postgresPause(),
                Duration.ofSeconds(90),
                new EnumMap<>(HOOKS));
        List<FaultRecord> faults = new ArrayList<>();
        try (TrafficDriver driver = new TrafficDriver(endpoints, settings.traffic(), out)) {
            driver.start();
            long started = System.nanoTime();
            long end = started + settings.duration().toNanos();
            Pacing.sleep(settings.warmup());
            do {
                for (Fault fault : cycle()) {
                    out.printf("[chaos +%.0f s] %s ...%n", (System.nanoTime() - started) / 1e9, fault.description());
                    FaultRecord record = injector.apply(fault);
                    faults.add(record);
                    out.printf(
                            "[chaos +%.0f s] %s after %.1f s: %s%n",
                            (System.nanoTime() - started) / 1e9,
                            record.recovered() ? "recovered" : "NOT RECOVERED",
                            record.seconds(),
                            record.detail());
                    if (!record.recovered()) {
                        break;
                    }
                    Pacing.sleep(settings.gap());
                }
            } while (System.nanoTime() < end && faults.stream().allMatch(FaultRecord::recovered));
            Pacing.parkUntil(end);
            out.printf(
                    "[chaos +%.0f s] traffic stops; waiting for the last steps and deliveries%n",
                    (System.nanoTime() - started) / 1e9);
            TrafficRecord traffic = driver.finish(Duration.ofMinutes(3));
            out.printf("[chaos +%.0f s] checking the ledger%n", (System.nanoTime() - started) / 1e9);
            LedgerReport ledger = new LedgerCheck(endpoints, out).run(traffic, settings.settlePatience());
            return new ChaosReport(faults, driver.record(), ledger);
        }
    }
}
