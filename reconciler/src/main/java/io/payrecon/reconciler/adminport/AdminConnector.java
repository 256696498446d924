package io.payrecon.reconciler.adminport;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/**
 * The Tomcat connector the admin API is served on, when {@code reconciler.admin-port} is set. It listens on the same
 * address as the main connector, with Tomcat's defaults rather than {@code server.tomcat.*} (which shape the public
 * port): operators' calls are few.
 */
final class AdminConnector {

    private final Connector connector;

    private AdminConnector(Connector connector) {
        this.connector = connector;
    }

    static AdminConnector on(Integer port) {
        if (port == null) {
            return new AdminConnector(null);
        }
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(port);
        return new AdminConnector(connector);
    }

    boolean enabled() {
        return connector != null;
    }

    /** The port it listens on once the web server started (the one picked when configured as 0). */
    Optional<Integer> localPort() {
        return connector == null || connector.getLocalPort() < 0
                ? Optional.empty()
                : Optional.of(connector.getLocalPort());
    }

    void addTo(TomcatServletWebServerFactory factory) {
        if (connector == null) {
            return;
        }
        if (connector.getPort() != 0 && connector.getPort() == factory.getPort()) {
            throw new IllegalStateException("reconciler.admin-port (RECONCILER_ADMIN_PORT) is " + connector.getPort()
                    + ", the same as server.port: give the admin API a port of its own, or leave it unset to serve"
                    + " /admin/** on server.port");
        }
        if (factory.getAddress() != null) {
            connector.setProperty("address", factory.getAddress().getHostAddress());
        }
        factory.addAdditionalConnectors(connector);
    }

    /** Whether the request came in through this connector, whatever address or path it was sent to. */
    boolean received(HttpServletRequest request) {
        return connector != null && request.getLocalPort() == connector.getLocalPort();
    }
}
