package io.payrecon.launcher;

import io.payrecon.events.Principal;
import java.util.Optional;

/** The processes of the system, in the order they start: the provider first, then its callers. */
public enum App {
    REQUEST_SANDBOX("request-sandbox", 8090, "SANDBOX_PORT", null),
    WEBHOOK_GATEWAY("webhook-gateway", 8082, "WEBHOOK_GATEWAY_PORT", Principal.WEBHOOK_GATEWAY),
    RECONCILER("reconciler", 8083, "RECONCILER_PORT", Principal.RECONCILER),
    LINK_SERVICE("link-service", 8081, "LINK_SERVICE_PORT", Principal.LINK_SERVICE);

    private final String module;
    private final int defaultPort;
    private final String portVariable;
    private final Principal kafkaPrincipal;

    App(String module, int defaultPort, String portVariable, Principal kafkaPrincipal) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
        this.kafkaPrincipal = kafkaPrincipal;
    }

    /** Who the app logs in to the broker as (the access table's row), or empty for the sandbox, which uses no broker. */
    public Optional<Principal> kafkaPrincipal() {
        return Optional.ofNullable(kafkaPrincipal);
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
