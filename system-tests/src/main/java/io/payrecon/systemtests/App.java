package io.payrecon.systemtests;

/** The processes of the system, in the order they start: the provider first, then its callers. */
public enum App {
    REQUEST_SANDBOX("request-sandbox", 8090, "SANDBOX_PORT"),
    WEBHOOK_GATEWAY("webhook-gateway", 8082, "WEBHOOK_GATEWAY_PORT"),
    RECONCILER("reconciler", 8083, "RECONCILER_PORT"),
    LINK_SERVICE("link-service", 8081, "LINK_SERVICE_PORT");

    private final String module;
    private final int defaultPort;
    private final String portVariable;

    App(String module, int defaultPort, String portVariable) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
    }

    /** The Maven module, which is also the name of the executable jar and of the process in logs. */
    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The environment variable of {@code ./pipeline up} that moves this app to another port. */
    public String portVariable() {
        return portVariable;
    }
}
