package io.payrecon.systemtests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code ./pipeline up} left in {@code .pipeline/run/state.properties}: the pid of the launcher
 * and of each process it started, so {@code status} and {@code stop} work from another terminal.
 */
final class RunState {

    /** One process of the running system. */
    record Component(String name, long pid, String address, String healthUrl) {

        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private final Path file;

    RunState(Path home) {
        this.file = home.resolve("run").resolve("state.properties");
    }

    void write(long launcherPid, List<Component> components) {
        Properties state = new Properties();
        state.setProperty("launcher.pid", Long.toString(launcherPid));
        List<String> names = new ArrayList<>();
        for (Component component : components) {
            names.add(component.name());
            state.setProperty(component.name() + ".pid", Long.toString(component.pid()));
            state.setProperty(component.name() + ".address", component.address());
            if (component.healthUrl() != null) {
                state.setProperty(component.name() + ".health", component.healthUrl());
            }
        }
        state.setProperty("components", String.join(",", names));
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                state.store(out, "Written by ./pipeline up; read by ./pipeline status and stop");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** The launcher's pid, when the state file exists. */
    Optional<Long> launcherPid() {
        return read().map(state -> Long.parseLong(state.getProperty("launcher.pid")));
    }

    /** True when a launcher recorded here is still alive. */
    boolean running() {
        return launcherPid()
                .flatMap(ProcessHandle::of)
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    List<Component> components() {
        return read().map(state -> {
                    List<Component> components = new ArrayList<>();
                    for (String name : state.getProperty("components", "").split(",")) {
                        if (!name.isBlank()) {
                            components.add(new Component(
                                    name,
                                    Long.parseLong(state.getProperty(name + ".pid")),
                                    state.getProperty(name + ".address"),
                                    state.getProperty(name + ".health")));
                        }
                    }
                    return components;
                })
                .orElse(List.of());
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }

    private Optional<Properties> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            state.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return Optional.of(state);
    }
}
