package io.payrecon.systemtests.chaos;

import io.payrecon.devstack.DevStack;
import io.payrecon.systemtests.App;
import io.payrecon.systemtests.AppProcess;
import io.payrecon.systemtests.LocalSystem;
import io.payrecon.systemtests.traffic.Pacing;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Applies one fault to a running {@link LocalSystem} and returns once everything it hit is healthy again. */
final class FaultInjector {

    private final LocalSystem system;
    private final Duration gatewayDowntime;
    private final Duration postgresPause;
    private final Duration hookPatience;
    private final Map<Fault, CrashHook> hooks;

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
    }

    FaultRecord apply(Fault fault) {
        long started = System.nanoTime();
        try {
            String detail = switch (fault) {
                case KILL_WEBHOOK_GATEWAY -> killAndRestart(App.WEBHOOK_GATEWAY, gatewayDowntime);
                case KILL_RECONCILER -> killAndRestart(App.RECONCILER, Duration.ZERO);
                case KILL_LINK_SERVICE -> killAndRestart(App.LINK_SERVICE, Duration.ZERO);
                case KILL_KAFKA -> killKafka();
                case PAUSE_POSTGRES -> pausePostgres();
                case HALT_RECONCILER_BETWEEN_COMMITS, HALT_LINK_SERVICE_BEFORE_PUBLISH -> crashHook(hooks.get(fault));
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
                .formatted(pid, downtime.toSeconds(), (System.nanoTime() - restarted) / 1e9, app.pid());
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
                        infrastructure.kafka().pid());
    }

    private String pausePostgres() {
        var postgres = system.infrastructure().postgres();
        postgres.pause();
        try {
            Pacing.sleep(postgresPause);
        } finally {
            postgres.resume();
        }
        return "pid %d and its backends stopped for %d s".formatted(postgres.pid(), postgresPause.toSeconds());
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
        app.launch();
        app.awaitHealthy();
        return detail;
    }
}
