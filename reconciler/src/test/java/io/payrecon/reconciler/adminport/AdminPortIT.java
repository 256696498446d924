package io.payrecon.reconciler.adminport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.Principal;
import io.payrecon.reconciler.ReconcilerApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole reconciler as compose runs it, on the real broker and database of devstack: the public port, a management
 * port and an admin port. Its listeners and poller stay off (this is about HTTP, and the other tests' reconciler owns
 * the consumer group). Requests are sent over a plain socket, so the request line is exactly what is written here.
 */
class AdminPortIT {

    private static final String API_KEY = "admin-port-test-api-key";
    private static final String ADMIN_KEY = "admin-port-test-admin-key";

    private static ConfigurableApplicationContext reconciler;
    private static int publicPort;
    private static int managementPort;
    private static int adminPort;

    @BeforeAll
    static void startWithAnAdminPortAndAManagementPort() {
        reconciler = start("--server.port=0", "--management.server.port=0", "--reconciler.admin-port=0");
        publicPort = Integer.parseInt(reconciler.getEnvironment().getRequiredProperty("local.server.port"));
        managementPort = Integer.parseInt(reconciler.getEnvironment().getRequiredProperty("local.management.port"));
        adminPort = reconciler.getBean(AdminConnector.class).localPort().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (reconciler != null) {
            reconciler.close();
        }
    }

    @Test
    void theAdminApiIsServedOnTheAdminPortOnly() {
        assertThat(List.of(publicPort, managementPort, adminPort)).doesNotHaveDuplicates();
        assertThat(get(adminPort, "/admin/parked", "X-Admin-Key", ADMIN_KEY)).isEqualTo(200);
        assertThat(get(adminPort, "/admin/parked")).as("still behind its key").isEqualTo(401);

        assertThat(get(publicPort, "/admin/parked", "X-Admin-Key", ADMIN_KEY)).isEqualTo(404);
        assertThat(get(publicPort, "/admin/parked"))
                .as("without a key: 404 too, not a 401 that admits the API exists")
                .isEqualTo(404);
        assertThat(get(publicPort, "/api/orders?status=PAID", "X-Api-Key", API_KEY))
                .as("the public API stays on the public port")
                .isEqualTo(200);
    }

    @Test
    void theConsoleIsServedOnTheAdminPortOnly() {
        assertThat(get(adminPort, "/console/sign-in")).isEqualTo(200);
        assertThat(get(adminPort, "/console/")).as("to sign-in first").isEqualTo(302);
        assertThat(get(adminPort, "/console/assets/console.css")).isEqualTo(200);

        for (String path : List.of(
                "/console",
                "/console/",
                "/console/sign-in",
                "/console/assets/console.css",
                "/console;x/sign-in",
                "/cons%6Fle/sign-in",
                "/api/orders/..;/..;/console/sign-in")) {
            assertThat(get(publicPort, path)).as("%s on the public port", path).isIn(400, 404);
        }
    }

    @Test
    void noSpellingOfAnAdminPathReachesTheAdminApiOnThePublicPort() {
        List<String> spellings = List.of(
                "/admin",
                "/admin/",
                "/admin;x/parked",
                "/admin/parked;x",
                "/adm%69n/parked",
                "/admin%2Fparked",
                "/admin%3Bx/parked",
                "//admin/parked",
                "/admin//parked",
                "/./admin/parked",
                "/x/../admin/parked",
                "/api/orders/..;/..;/admin/parked",
                "/api/orders/%2e%2e/%2e%2e/admin/parked",
                "/ADMIN/parked");

        List<String> answered = new ArrayList<>();
        for (String path : spellings) {
            int status = get(publicPort, path, "X-Admin-Key", ADMIN_KEY);
            if (status != 400 && status != 404) {
                answered.add(path + " -> " + status);
            }
        }

        assertThat(answered).as("admin paths answered on the public port").isEmpty();
        assertThat(get(adminPort, "/admin/parked", "X-Admin-Key", ADMIN_KEY))
                .as("the admin API on the admin port")
                .isEqualTo(200);
        assertThat(get(adminPort, "/admin;x/parked", "X-Admin-Key", ADMIN_KEY))
                .as("odd spellings are refused on the admin port too (Spring Security's firewall)")
                .isEqualTo(400);
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPortOnly() {
        assertThat(get(managementPort, "/actuator/health/readiness")).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/prometheus")).isEqualTo(200);
        for (int port : List.of(publicPort, adminPort)) {
            assertThat(get(port, "/actuator/health"))
                    .as("health on port %s", port)
                    .isEqualTo(404);
            assertThat(get(port, "/actuator/prometheus"))
                    .as("metrics on port %s", port)
                    .isEqualTo(404);
        }
    }

    @Test
    void refusesToStartWithTheAdminPortOnTheServerPort() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        assertThatThrownBy(() -> start("--server.port=" + port, "--reconciler.admin-port=" + port)
                        .close())
                .hasStackTraceContaining("reconciler.admin-port (RECONCILER_ADMIN_PORT) is " + port)
                .hasStackTraceContaining("the same as server.port");
    }

    private static ConfigurableApplicationContext start(String... ports) {
        // All as command-line arguments: they win over application.yml (its Kafka login from KAFKA_USERNAME/PASSWORD).
        List<String> arguments = new ArrayList<>();
        DevStack.shared()
                .springProperties(Principal.RECONCILER)
                .forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(
                "--reconciler.api-keys=" + API_KEY,
                "--reconciler.admin-operators=ops:operator:" + sha256Hex(ADMIN_KEY),
                "--reconciler.webhook-secrets=a-webhook-secret",
                "--reconciler.polling.enabled=false",
                "--request.api-key=sk_test_unused",
                "--spring.kafka.listener.auto-startup=false",
                "--logging.level.org.apache.kafka=WARN"));
        arguments.addAll(List.of(ports));
        return new SpringApplicationBuilder(ReconcilerApplication.class).run(arguments.toArray(String[]::new));
    }

    /** The status of {@code GET target} on a port, sent byte for byte. */
    private static int get(int port, String target, String... headers) {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            assertThat(statusLine)
                    .as("status line of GET %s on %s", target, port)
                    .startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
