package io.payrecon.systemtests;

import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemHttp;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The request-sandbox's controls ({@code /sandbox/...}) of a running {@link LocalSystem}: what a test does to make
 * the provider misbehave, move its clock, or see which links it made.
 */
record Sandbox(LocalSystem system) {

    /**
     * {@code POST /sandbox/faults} with {@code {"api": fault}}: every {@code /v2} call is answered with the fault
     * until {@link #resetFaults()}, whoever makes it.
     */
    void apiFault(Map<String, Object> fault) {
        SystemHttp.Response response = SystemHttp.postJson(url("/sandbox/faults"), Map.of(), Map.of("api", fault));
        if (response.status() != 200) {
            throw new IllegalStateException("The sandbox refused the fault " + fault + ": " + response.body());
        }
    }

    /** {@code DELETE /sandbox/faults}: no API or delivery fault any more. */
    void resetFaults() {
        SystemHttp.delete(url("/sandbox/faults"), Map.of());
    }

    /** Moves the sandbox's clock, e.g. {@code P8D} to expire every link it made. */
    void advanceClock(String duration) {
        SystemHttp.Response response =
                SystemHttp.postJson(url("/sandbox/clock"), Map.of(), Map.of("advance", duration));
        if (response.status() != 200) {
            throw new IllegalStateException("The sandbox did not move its clock: " + response.body());
        }
    }

    /** {@code DELETE /sandbox/clock}: back to the real time. */
    void resetClock() {
        SystemHttp.delete(url("/sandbox/clock"), Map.of());
    }

    /** The links the sandbox made with this reference (link-service sends the order id), whether stored or not. */
    List<JsonNode> linksWithReference(String reference) {
        return SystemHttp.get(
                        url("/sandbox/payments?reference="
                                + java.net.URLEncoder.encode(reference, java.nio.charset.StandardCharsets.UTF_8)),
                        Map.of())
                .json()
                .get("links")
                .valueStream()
                .toList();
    }

    String url() {
        return system.app(App.REQUEST_SANDBOX).url();
    }

    private String url(String path) {
        return url() + path;
    }
}
