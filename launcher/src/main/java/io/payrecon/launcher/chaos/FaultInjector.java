package io.payrecon.launcher.chaos;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.Topics;
import io.payrecon.launcher.App;
import io.payrecon.launcher.AppProcess;
import io.payrecon.launcher.LoadBalancer;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.ledger.LogReader;
import io.payrecon.launcher.traffic.Pacing;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one fault to a running {@link LocalSystem} and returns once everything it hit is healthy again and the
 * consumers have caught up with the log (throughput is back), saying how long each took.
 */
final class FaultInjector {

    private static final List<String> RECONCILER_INPUTS =
            List.of(Topics.LINK_EVENTS, Topics.WEBHOOKS, Topics.PROVIDER_OBSERVATIONS);

    /** Caught up: at most this many records behind, a few seconds of the crash suite's traffic. */
    private static final long BEHIND = 20;

    private static final Duration CATCH_UP_PATIENCE = Duration.ofMinutes(2);

    private final LocalSystem system;
    private final Duration gatewayDowntime;
    private final Duration postgresPause;
    private final Duration hookPatience;
    private final Map<Fault, CrashHook> hooks;
    private final LogReader log;
    private final Map<App, Integer> turns = new EnumMap<>(App.class);

    /**
     * @param gatewayDowntime how long the killed gateway stays down: longer than the provider's ~21 s of retries
     *     makes deliveries fail for good, so only the reconciler's polling can recover them
     * @param hookPatience how long an app started with a crash hook may run before it counts as not halting
     */
    FaultInjector(
            LocalSystem system,
            Duration gatewayDowntime,
            Duration postgresPause,
            Duration hookPatience,
            Map<Fault, CrashHook> hooks) {
        this.system = system;
        this.gatewayDowntime = gatewayDowntime;
        this.postgresPause = postgresPause;
        this.hookPatience = hookPatience;
        this.hooks = Map.copyOf(hooks);
        this.log = new LogReader(system.infrastructure().adminClientProperties());
    }

    FaultRecord apply(Fault fault) {
        long started = System.nanoTime();
        try {
            if (fault == Fault.KILL_ONE_WEBHOOK_GATEWAY
                    || fault == Fault.KILL_ONE_RECONCILER
                    || fault == Fault.KILL_ONE_LINK_SERVICE) {
                Takeover takeover = killOne(fault);
                return new FaultRecord(fault, started, System.nanoTime(), true, takeover.detail(), takeover.took());
            }
            String detail = switch (fault) {
                case KILL_WEBHOOK_GATEWAY -> killAndRestart(App.WEBHOOK_GATEWAY, gatewayDowntime);
                case KILL_RECONCILER -> killAndRestart(App.RECONCILER, Duration.ZERO);
                case KILL_LINK_SERVICE -> killAndRestart(App.LINK_SERVICE, Duration.ZERO);
                case KILL_KAFKA -> killKafka();
                case PAUSE_POSTGRES -> pausePostgres();
                case HALT_RECONCILER_BETWEEN_COMMITS, HALT_LINK_SERVICE_BEFORE_PUBLISH -> crashHook(hooks.get(fault));
                case KILL_ONE_WEBHOOK_GATEWAY, KILL_ONE_RECONCILER, KILL_ONE_LINK_SERVICE ->
                    throw new IllegalStateException("handled above");
            };
            return new FaultRecord(fault, started, System.nanoTime(), true, detail);
        } catch (RuntimeException e) {
            return new FaultRecord(fault, started, System.nanoTime(), false, "did not recover: " + e.getMessage());
        }
    }

    private String killAndRestart(App which, Duration downtime) {
        AppProcess app = system.app(which);
        long pid = app.pid();
        app.kill();
        Pacing.sleep(downtime);
        long restarted = System.nanoTime();
        app.launch();
        app.awaitHealthy();
        return "pid %d killed, down %d s, healthy %.1f s after its restart (pid %d)"
                        .formatted(pid, downtime.toSeconds(), (System.nanoTime() - restarted) / 1e9, app.pid())
                + caughtUp(restarted);
    }

    /** What a kill of one instance did: the report's text, and the time until the survivors had taken over. */
    private record Takeover(String detail, Duration took) {}

    /**
     * Kills one instance of an app that runs several (each in turn, one per cycle), and keeps it down until the
     * survivors have taken over: for the gateway, the load balancer sends everything to the others for the gateway's
     * downtime; for a consumer (the reconciler, link-service), the broker gives its partitions to the other instances
     * once its session timed out, and they catch up with what piled up meanwhile. Then it is restarted, and gets its
     * partitions back.
     */
    private Takeover killOne(Fault fault) {
        App which = switch (fault) {
            case KILL_ONE_WEBHOOK_GATEWAY -> App.WEBHOOK_GATEWAY;
            case KILL_ONE_RECONCILER -> App.RECONCILER;
            default -> App.LINK_SERVICE;
        };
        List<AppProcess> instances = system.instances(which);
        if (instances.size() < 2) {
            throw new IllegalStateException(which.module() + " runs one instance: nothing could take over");
        }
        int turn = turns.merge(which, 1, Integer::sum) - 1;
        AppProcess victim = instances.get(turn % instances.size());
        Optional<Consumers> consumers = consumersOf(which);
        LogReader.Group before =
                consumers.map(c -> log.group(c.group(), c.topics())).orElse(new LogReader.Group(Map.of(), true, true));
        long refusedBefore =
                system.balancer(which).map(LoadBalancer::refusedConnections).orElse(0L);
        long pid = victim.pid();
        victim.kill();
        long killed = System.nanoTime();
        String detail;
        Duration took;
        if (consumers.isPresent()) {
            LogReader.Group after =
                    awaitTakeover(consumers.get(), before.members().keySet());
            took = Duration.ofNanos(System.nanoTime() - killed);
            Set<String> gone = new HashSet<>(before.members().keySet());
            gone.removeAll(after.members().keySet());
            detail = ("%s (pid %d) killed; it had %d of the %d partitions of its inputs, and the other instances took"
                            + " them over and caught up %.1f s after")
                    .formatted(
                            victim.name(),
                            pid,
                            before.partitionsOf(gone),
                            before.partitionsOf(before.members().keySet()),
                            took.toMillis() / 1e3);
        } else {
            took = awaitCaughtUp(killed); // the other gateways take the deliveries: the log keeps filling
            Pacing.parkUntil(killed + gatewayDowntime.toNanos());
            detail = "%s (pid %d) killed, down %d s: the load balancer sent %d connections it refused to the others"
                    .formatted(
                            victim.name(),
                            pid,
                            gatewayDowntime.toSeconds(),
                            system.balancer(which)
                                            .map(LoadBalancer::refusedConnections)
                                            .orElse(0L)
                                    - refusedBefore);
        }
        long restarted = System.nanoTime();
        victim.launch();
        victim.awaitHealthy();
        return new Takeover(
                detail
                        + "; restarted, healthy %.1f s after its restart (pid %d)"
                                .formatted((System.nanoTime() - restarted) / 1e9, victim.pid())
                        + caughtUp(restarted),
                took);
    }

    /** A consumer group of the system and the topics it reads. */
    private record Consumers(String group, List<String> topics) {}

    private static Optional<Consumers> consumersOf(App app) {
        return switch (app) {
            case RECONCILER -> Optional.of(new Consumers("reconciler", RECONCILER_INPUTS));
            case LINK_SERVICE -> Optional.of(new Consumers("link-service", List.of(Topics.ORDER_PAYMENT_STATUS)));
            default -> Optional.empty();
        };
    }

    /**
     * Waits until the killed instance's members are gone from the group, the group is stable with every partition
     * assigned to a survivor, and the consumers caught up with the log.
     *
     * @return the group then
     */
    private LogReader.Group awaitTakeover(Consumers consumers, Set<String> membersBefore) {
        long deadline = System.nanoTime() + CATCH_UP_PATIENCE.toNanos();
        while (true) {
            try {
                LogReader.Group group = log.group(consumers.group(), consumers.topics());
                if (!group.members().isEmpty()
                        && membersBefore.containsAll(group.members().keySet())
                        && group.members().size() < membersBefore.size()
                        && group.stable()
                        && group.allAssigned()
                        && caughtUpNow()) {
                    return group;
                }
            } catch (RuntimeException e) {
                // the broker was busy: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the other instances did not take over " + consumers.group()
                        + "'s partitions within " + CATCH_UP_PATIENCE);
            }
            Pacing.sleep(Duration.ofMillis(250));
        }
    }

    private String killKafka() {
        DevStack infrastructure = system.infrastructure();
        long pid = infrastructure.kafka().pid();
        infrastructure.kafka().kill();
        long restarted = System.nanoTime();
        infrastructure.kafka().start();
        return "pid %d killed, ready %.1f s after its restart (pid %d)"
                        .formatted(
                                pid,
                                (System.nanoTime() - restarted) / 1e9,
                                infrastructure.kafka().pid())
                + caughtUp(restarted);
    }

    private String pausePostgres() {
        var postgres = system.infrastructure().postgres();
        postgres.pause();
        try {
            Pacing.sleep(postgresPause);
        } finally {
            postgres.resume();
        }
        long resumed = System.nanoTime();
        return "pid %d and its backends stopped for %d s".formatted(postgres.pid(), postgresPause.toSeconds())
                + caughtUp(resumed);
    }

    /** Restarts the app with the hook, lets it halt itself, and restarts it without. */
    private String crashHook(CrashHook hook) {
        if (hook == null) {
            throw new IllegalStateException("no crash hook configured");
        }
        AppProcess app = system.app(hook.app());
        app.stop();
        app.launch(hook.environment());
        Optional<Integer> exit = app.awaitExit(hookPatience);
        String detail;
        if (exit.isPresent()) {
            detail = "halted itself %s with exit code %d".formatted(hook.where(), exit.get());
        } else {
            app.kill();
            detail = "did not halt within %d s: the jar does not implement %s; killed -9 instead"
                    .formatted(hookPatience.toSeconds(), hook.environment().keySet());
        }
        long restarted = System.nanoTime();
        app.launch();
        app.awaitHealthy();
        return detail
                + ", healthy %.1f s after its restart".formatted((System.nanoTime() - restarted) / 1e9)
                + caughtUp(restarted);
    }

    /**
     * How long after {@code since} the reconciler and link-service consumed what the log holds (at most
     * {@link #BEHIND} records behind): from then on the system keeps up with the traffic again.
     */
    private String caughtUp(long since) {
        return "; consumers caught up %.1f s after it"
                .formatted(awaitCaughtUp(since).toMillis() / 1e3);
    }

    private Duration awaitCaughtUp(long since) {
        long deadline = System.nanoTime() + CATCH_UP_PATIENCE.toNanos();
        while (true) {
            try {
                if (caughtUpNow()) {
                    return Duration.ofNanos(System.nanoTime() - since);
                }
            } catch (RuntimeException e) {
                // the broker is still coming back
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumers did not catch up within " + CATCH_UP_PATIENCE);
            }
            Pacing.sleep(Duration.ofMillis(250));
        }
    }

    private boolean caughtUpNow() {
        return log.lag("reconciler", RECONCILER_INPUTS) <= BEHIND
                && log.lag("link-service", List.of(Topics.ORDER_PAYMENT_STATUS)) <= BEHIND;
    }
}
