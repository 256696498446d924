package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.Pipeline;
import io.payrecon.launcher.RunState;
import io.payrecon.launcher.SystemHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./pipeline} as a person uses it: {@code up} from a clean data folder, {@code status}, a second {@code up}
 * refused while one runs, the launcher killed with SIGKILL, and the next {@code up} that cleans up what it left,
 * finds the order the first one took, and {@code stop}s leaving nothing. Runs the real script on free ports.
 */
class PipelineCommandIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Path home;
    private Map<String, String> environment;
    private Process up;

    @BeforeEach
    void cleanDataFolderAndFreePorts() throws IOException {
        home = Files.createTempDirectory("pipeline-home-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        environment = new LinkedHashMap<>();
        for (String inherited : List.of("PATH", "HOME", "JAVA_HOME", "LANG")) {
            if (System.getenv(inherited) != null) {
                environment.put(inherited, System.getenv(inherited));
            }
        }
        environment.put("PIPELINE_HOME", home.toString());
        environment.put("PIPELINE_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        LocalSystem.freePorts().forEach((app, port) -> environment.put(app.portVariable(), port.toString()));
        for (String variable : List.of("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "POSTGRES_PORT")) {
            try (var socket = new java.net.ServerSocket(0)) {
                environment.put(variable, Integer.toString(socket.getLocalPort()));
            }
        }
    }

    @AfterEach
    void stopWhateverIsLeft() throws Exception {
        if (up != null && up.isAlive()) {
            run("stop");
            up.destroyForcibly();
        }
    }

    @Test
    void upRunsEverythingTheDemoPaysAnOrderAndAnUpAfterAKilledLauncherCleansUpAndResumes() throws Exception {
        String firstUp = startUp();
        assertThat(firstUp)
                .containsPattern("operator +dev-operator, key adm_[0-9a-f]{64} ")
                .containsPattern("read-only +dev-viewer, key adm_[0-9a-f]{64} ")
                .containsPattern("console +http://localhost:\\d+/console/ \\(sign in as dev-operator");
        assertThat(Files.readString(home.resolve("local.env")))
                .contains("LINK_SERVICE_URL=", "RECONCILER_URL=", "KAFKA_BOOTSTRAP_SERVERS=", "API_KEY=")
                // what an order system needs to read the status events: its own login
                .contains(
                        "KAFKA_SECURITY_PROTOCOL='SASL_PLAINTEXT'",
                        "KAFKA_SASL_MECHANISM='SCRAM-SHA-512'",
                        "ORDER_SYSTEM_KAFKA_USERNAME='order-system'",
                        "ORDER_SYSTEM_KAFKA_PASSWORD='")
                .contains("ADMIN_USER='dev-operator'", "ADMIN_KEY='adm_", "READ_ONLY_ADMIN_USER='dev-viewer'")
                .contains("READ_ONLY_ADMIN_KEY='adm_")
                // the operator console, and who may sign in to it
                .containsPattern("CONSOLE_URL='http://localhost:\\d+/console/'")
                .contains("CONSOLE_USER='dev-operator'", "CONSOLE_PASSWORD='adm_");
        assertThat(Files.readString(home.resolve("credentials.env")))
                .as("the keys are kept with the other development secrets")
                .contains("ADMIN_KEY='adm_", "READ_ONLY_ADMIN_KEY='adm_");
        for (String secrets : List.of("local.env", "credentials.env", "data/kafka/credentials.properties")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(secrets))))
                    .as("permissions of %s", secrets)
                    .isEqualTo("rw-------");
        }

        Result status = run("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output())
                .contains("kafka", "postgresql", "request-sandbox", "webhook-gateway", "reconciler", "link-service")
                .doesNotContain("unhealthy", "stopped");

        Result demo = run("demo");
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        assertThat(demo.output())
                .contains("#1  AWAITING_PAYMENT -> PARTIALLY_PAID  paid 15.00 of 40.00")
                .contains("#2  PARTIALLY_PAID -> PAID  paid 40.00 of 40.00");

        Result walkthrough = readmeWalkthrough();
        assertThat(walkthrough.exitCode()).as(walkthrough.output()).isZero();
        assertThat(walkthrough.output()).contains("\"orderId\":\"1001\",\"status\":\"PAID\"");
        Result story = run("ops", "orders", "show", "1001");
        assertThat(story.exitCode())
                .as("./pipeline ops with local.env's key: %s", story.output())
                .isZero();
        assertThat(story.output()).startsWith("Order 1001: PAID");

        Map<String, String> local = Pipeline.readEnvFile(home.resolve("local.env"));
        Map<String, String> apiKey = Map.of("X-Api-Key", local.get("API_KEY"));
        String orderId = "pipeline-" + System.nanoTime();
        var created = SystemHttp.postJson(
                local.get("LINK_SERVICE_URL") + "/api/payment-links",
                apiKey,
                Map.of(
                        "orderId", orderId,
                        "amount", "12.00",
                        "paymentCurrency", "USDC"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("token").asString();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> SystemHttp.get(local.get("RECONCILER_URL") + "/api/orders/" + orderId, apiKey)
                                .status()
                        == 200);

        Result second = run("up");
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.output()).contains("The pipeline is already running (launcher pid " + up.pid() + ")");

        List<Long> pids = new RunState(home)
                .components().stream().map(RunState.Component::pid).toList();
        assertThat(pids).hasSize(6);
        long killedLauncher = up.pid();
        up.destroyForcibly(); // kill -9: the launcher cannot stop what it started
        assertThat(up.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(run("status").output()).contains("its launcher was killed and left");

        String restarted = startUp();
        assertThat(restarted)
                .containsPattern("An earlier launcher \\(pid " + killedLauncher + "\\) was killed and left .* running:"
                        + " stopped them.")
                .containsPattern("every app healthy \\d+\\.\\d s after ./pipeline up started");
        assertThat(pids)
                .as("processes of the killed launcher's run")
                .noneMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        var link = SystemHttp.get(local.get("LINK_SERVICE_URL") + "/api/payment-links/" + orderId, apiKey);
        assertThat(link.status()).as(link.body()).isEqualTo(200);
        assertThat(link.body()).contains(token);
        assertThat(SystemHttp.get(local.get("RECONCILER_URL") + "/api/orders/" + orderId, apiKey)
                        .status())
                .isEqualTo(200);

        stopAndAssertNothingLeft(new RunState(home)
                .components().stream().map(RunState.Component::pid).toList());
    }

    @Test
    void envFilesAreReadableByTheirOwnerOnlyAlsoWhenTheyExistedWithWiderPermissions() throws IOException {
        Path fresh = home.resolve("fresh.env");
        Path existing = Files.writeString(home.resolve("existing.env"), "export API_KEY='old'\n");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw-rw-"));

        Pipeline.writeEnvFile(fresh, Map.of("API_KEY", "new-key"));
        Pipeline.writeEnvFile(existing, Map.of("API_KEY", "new-key"));

        for (Path file : List.of(fresh, existing)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as("permissions of %s", file.getFileName())
                    .isEqualTo("rw-------");
            assertThat(Pipeline.readEnvFile(file)).containsExactly(Map.entry("API_KEY", "new-key"));
        }
        try (var files = Files.list(home)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("what is left in the folder")
                    .containsExactlyInAnyOrder("fresh.env", "existing.env");
        }
    }

    @Test
    void upNamesTheVariableThatMovesATakenPort() throws Exception {
        try (var taken = new java.net.ServerSocket(0)) {
            environment.put("RECONCILER_PORT", Integer.toString(taken.getLocalPort()));
            Result result = run("up");
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output())
                    .contains("Port " + taken.getLocalPort() + " for reconciler is already in use")
                    .contains("RECONCILER_PORT=<port>");
        }
    }

    /** Starts {@code ./pipeline up} and returns its output once the system is up. */
    private String startUp() throws Exception {
        Path output = home.resolve("up-" + System.nanoTime() + ".out");
        up = command("up").redirectOutput(output.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        // the summary's last line: the whole summary is there
        while (!Files.readString(output, StandardCharsets.UTF_8).contains("(or ./pipeline stop) stops all.")) {
            assertThat(up.isAlive())
                    .as("./pipeline up exited early:%n%s", Files.readString(output))
                    .isTrue();
            assertThat(System.nanoTime()).as("./pipeline up took too long").isLessThan(deadline);
            Thread.sleep(250);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private void stopAndAssertNothingLeft(List<Long> pids) throws Exception {
        Result stop = run("stop");
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(up.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(pids)
                .as("processes still alive after ./pipeline stop")
                .noneMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(ProcessHandle.allProcesses()
                        .filter(process -> process.info()
                                .commandLine()
                                .map(line -> line.contains(home.toString()))
                                .orElse(false)))
                .isEmpty();
    }

    private record Result(int exitCode, String output) {}

    /** The README's "One paid order, by hand" block, run as a person would paste it (with this data folder). */
    private Result readmeWalkthrough() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("### One paid order, by hand");
        int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        String script = readme.substring(start, readme.indexOf("```", start))
                .replace("source .pipeline/local.env", "source '" + home.resolve("local.env") + "'");
        Path file = Files.writeString(home.resolve("walkthrough.sh"), "set -e\n" + script);
        Path output = Files.createTempFile(home, "walkthrough", ".out");
        Process process = new ProcessBuilder("timeout", "60", "bash", file.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }

    private Result run(String... args) throws Exception {
        Path output = Files.createTempFile(home, "command", ".out");
        Process process = command(args).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }

    private ProcessBuilder command(String... args) {
        List<String> command =
                new java.util.ArrayList<>(List.of(ROOT.resolve("pipeline").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }
}
