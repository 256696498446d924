package io.payrecon.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a running {@code ./pipeline up} left in {@code .pipeline/run/state.properties}: the launcher and each process
 * it started, so {@code status} and {@code stop} work from another terminal, and so the next {@code up} can clean up
 * after a launcher that was killed (kill -9 gives it no chance to stop its children). The file is written as soon as
 * a process starts, not once all are healthy. A process is named by its pid and its start time, so a pid the
 * system has since given to another program is never taken for ours.
 */
public final class RunState {

    private static final String LAUNCHER = "launcher";
    private static final Duration GRACE = Duration.ofSeconds(20);

    /** One process of the running system. */
    public record Component(String name, long pid, Instant startedAt, String address, String healthUrl) {

        /** This process as it runs now. */
        static Component of(String name, ProcessHandle process, String address, String healthUrl) {
            return new Component(
                    name, process.pid(), process.info().startInstant().orElse(null), address, healthUrl);
        }

        /** The process, while it is the one recorded (same pid and start time) and alive. */
        Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> startedAt == null
                            || process.info()
                                    .startInstant()
                                    .map(startedAt::equals)
                                    .orElse(true));
        }

        boolean alive() {
            return process().isPresent();
        }
    }

    private final Path file;

    public RunState(Path home) {
        this.file = home.resolve("run").resolve("state.properties");
    }

    /** Records the launcher (this JVM) and the processes it has started so far; called again as more start. */
    void write(List<Component> components) {
        Properties state = new Properties();
        List<Component> all = new ArrayList<>();
        all.add(Component.of(LAUNCHER, ProcessHandle.current(), "", null));
        all.addAll(components);
        List<String> names = new ArrayList<>();
        for (Component component : all) {
            names.add(component.name());
            state.setProperty(component.name() + ".pid", Long.toString(component.pid()));
            if (component.startedAt() != null) {
                state.setProperty(
                        component.name() + ".started", component.startedAt().toString());
            }
            state.setProperty(component.name() + ".address", component.address());
            if (component.healthUrl() != null) {
                state.setProperty(component.name() + ".health", component.healthUrl());
            }
        }
        state.setProperty("components", String.join(",", names));
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                state.store(out, "Written by ./pipeline up; read by ./pipeline status, stop and the next up");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** The launcher recorded here, when the state file exists. */
    Optional<Component> launcher() {
        return read().filter(component -> component.name().equals(LAUNCHER)).findFirst();
    }

    /** True when the launcher recorded here is still alive. */
    boolean running() {
        return launcher().map(Component::alive).orElse(false);
    }

    /** The processes the launcher started (not the launcher itself). */
    public List<Component> components() {
        return read().filter(component -> !component.name().equals(LAUNCHER)).toList();
    }

    /**
     * After a launcher that no longer runs (killed with SIGKILL, or its machine's session ended): stops what it left
     * running and removes the file, and says so in one line. Does nothing while the launcher runs.
     *
     * @return the line to show a person, or empty when there was no such run
     */
    Optional<String> cleanUpAfterDeadLauncher() {
        Optional<Component> launcher = launcher();
        if (launcher.isEmpty() || launcher.get().alive()) {
            return Optional.empty();
        }
        List<Component> left = components().stream().filter(Component::alive).toList();
        stopGently(left);
        delete();
        long pid = launcher.get().pid();
        return Optional.of(
                left.isEmpty()
                        ? "Removed the run file of an earlier launcher (pid %d) that did not stop cleanly; nothing of it was still running."
                                .formatted(pid)
                        : "An earlier launcher (pid %d) was killed and left %s running: stopped them."
                                .formatted(
                                        pid,
                                        String.join(
                                                ", ",
                                                left.stream()
                                                        .map(c -> c.name() + " (pid " + c.pid() + ")")
                                                        .toList())));
    }

    /**
     * Stops processes as an orchestrator would, the apps before the infrastructure they use: SIGTERM, then SIGKILL
     * for any that has not exited after a grace period.
     */
    static void stopGently(List<Component> components) {
        List<Component> apps = components.stream()
                .filter(component -> component.healthUrl() != null)
                .toList();
        List<Component> infrastructure = components.stream()
                .filter(component -> component.healthUrl() == null)
                .toList();
        terminate(apps);
        terminate(infrastructure);
    }

    private static void terminate(List<Component> components) {
        List<ProcessHandle> processes =
                components.stream().flatMap(c -> c.process().stream()).toList();
        processes.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits =
                processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notAllStopped) {
            processes.stream().filter(ProcessHandle::isAlive).forEach(process -> {
                process.destroyForcibly();
                process.onExit().join();
            });
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }

    private Stream<Component> read() {
        if (!Files.exists(file)) {
            return Stream.empty();
        }
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            state.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        List<Component> components = new ArrayList<>();
        for (String name : state.getProperty("components", "").split(",")) {
            if (!name.isBlank() && state.getProperty(name + ".pid") != null) {
                String started = state.getProperty(name + ".started");
                components.add(new Component(
                        name,
                        Long.parseLong(state.getProperty(name + ".pid")),
                        started == null ? null : Instant.parse(started),
                        state.getProperty(name + ".address", ""),
                        state.getProperty(name + ".health")));
            }
        }
        return components.stream();
    }
}
