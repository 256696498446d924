package io.payrecon.systemtests;

import io.payrecon.devstack.DevStack;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./pipeline up}: Kafka, PostgreSQL, the sandbox and the three apps on the ports of architecture §6, with
 * data under {@code .pipeline/} kept across runs. Ctrl-C stops everything.
 */
public final class Pipeline {

    private static final Map<String, String> INFRASTRUCTURE_PORTS = Map.of(
            "KAFKA_PORT", "9092",
            "KAFKA_CONTROLLER_PORT", "9093",
            "POSTGRES_PORT", "15432");

    private final Path root;
    private final Path home;
    private final Map<String, String> environment;
    private final PrintStream out;

    Pipeline(Path root, Map<String, String> environment, PrintStream out) {
        this.root = root;
        this.home = root.resolve(".pipeline");
        this.environment = environment;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "up" : args[0];
        Pipeline pipeline = new Pipeline(Path.of("").toAbsolutePath(), System.getenv(), System.out);
        switch (command) {
            case "up" -> pipeline.up();
            default -> {
                System.err.println("Unknown command " + command + "; try: up");
                System.exit(2);
            }
        }
    }

    void up() throws InterruptedException {
        Credentials credentials = credentials();
        DevStack.Settings settings = new DevStack.Settings(
                home.resolve("data"),
                port("KAFKA_PORT"),
                port("KAFKA_CONTROLLER_PORT"),
                port("POSTGRES_PORT"),
                Integer.parseInt(environment.getOrDefault("KAFKA_PARTITIONS", "3")),
                "512m",
                true,
                false);
        Map<App, Integer> ports = new EnumMap<>(App.class);
        for (App app : App.values()) {
            ports.put(app, Integer.parseInt(environment.getOrDefault(app.portVariable(), "" + app.defaultPort())));
        }
        out.println("Starting Kafka and PostgreSQL (data in " + home.resolve("data") + ") ...");
        DevStack infrastructure = DevStack.start(settings);
        LocalSystem system = new LocalSystem(
                root,
                infrastructure,
                credentials,
                ports,
                environment,
                List.of(environment
                        .getOrDefault("PIPELINE_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC")
                        .split("\\s+")),
                home.resolve("logs"),
                out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("Stopping ...");
                            system.close();
                            infrastructure.close();
                            out.println("Stopped.");
                            stopped.countDown();
                        },
                        "pipeline-stop"));
        out.println("Starting the sandbox, webhook-gateway, reconciler and link-service ...");
        system.start();
        Path localEnv = writeLocalEnv(system.localEnvironment());
        printSummary(system, localEnv);
        stopped.await();
    }

    private int port(String variable) {
        return Integer.parseInt(environment.getOrDefault(variable, INFRASTRUCTURE_PORTS.get(variable)));
    }

    /** Development secrets: generated on the first run, kept in .pipeline/, overridable from the environment. */
    private Credentials credentials() {
        Path file = home.resolve("credentials.env");
        Map<String, String> stored =
                Files.exists(file) ? readEnvFile(file) : Credentials.generate().asVariables();
        Map<String, String> effective = new LinkedHashMap<>();
        stored.forEach((name, value) -> effective.put(name, environment.getOrDefault(name, value)));
        writeEnvFile(file, stored);
        return Credentials.fromVariables(effective);
    }

    private Path writeLocalEnv(Map<String, String> variables) {
        Path file = home.resolve("local.env");
        writeEnvFile(file, variables);
        return file;
    }

    private void printSummary(LocalSystem system, Path localEnv) {
        out.println();
        out.println("The pipeline is up.");
        out.printf("  %-16s %s%n", "link-service", system.app(App.LINK_SERVICE).url());
        out.printf(
                "  %-16s %s%n",
                "webhook-gateway", system.app(App.WEBHOOK_GATEWAY).url());
        out.printf("  %-16s %s%n", "reconciler", system.app(App.RECONCILER).url());
        out.printf(
                "  %-16s %s%n",
                "request-sandbox", system.app(App.REQUEST_SANDBOX).url());
        out.printf("  %-16s %s%n", "Kafka", system.infrastructure().kafkaBootstrapServers());
        out.printf(
                "  %-16s %s (user postgres)%n",
                "PostgreSQL", system.infrastructure().jdbcUrl());
        out.printf("  %-16s %s%n", "API key", system.credentials().apiKey());
        out.printf("  %-16s %s%n", "admin key", system.credentials().adminKey());
        out.println("Development credentials and URLs: source " + root.relativize(localEnv));
        out.println("Logs: .pipeline/logs/<app>.log. Press Ctrl-C to stop everything.");
        out.println();
    }

    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> variables = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                    continue;
                }
                String name = trimmed.substring(0, trimmed.indexOf('=')).replaceFirst("^export\\s+", "");
                String value = trimmed.substring(trimmed.indexOf('=') + 1).replaceAll("^'|'$", "");
                variables.put(name, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return variables;
    }

    private static void writeEnvFile(Path file, Map<String, String> variables) {
        StringBuilder text = new StringBuilder("# Written by ./pipeline up: development values, not secrets to keep\n");
        variables.forEach((name, value) ->
                text.append("export ").append(name).append("='").append(value).append("'\n"));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
