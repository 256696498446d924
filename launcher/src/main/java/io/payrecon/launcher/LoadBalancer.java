package io.payrecon.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one address in front of an app's instances, as a cloud's TCP load balancer is: each new connection goes to the
 * next instance in turn, and to the one after when a connection is refused (a killed instance); bytes are copied both
 * ways unchanged. It knows nothing of HTTP and does no health checks, so it hides nothing: a killed instance's open
 * connections break, their requests fail, and callers retry as they would in production (the provider retries a
 * webhook, the order system a link creation). Connections are balanced, not requests: a caller that keeps one
 * connection alive stays on one instance until it breaks.
 *
 * <p>One virtual thread accepts, two per connection copy. Part of the test harness, like the sandbox: a production
 * deployment has its own load balancer.
 */
public final class LoadBalancer implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final String name;
    private final int port;
    private final List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    /**
     * @param name what errors call it, the app's module
     * @param port where it listens, on the loopback interface
     * @param backends the instances' ports on localhost
     */
    public LoadBalancer(String name, int port, List<Integer> backends) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(name + ": a load balancer needs at least one backend");
        }
        this.name = name;
        this.port = port;
        this.backends = List.copyOf(backends);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Connections that an instance refused and that went to the next one instead, since the start. */
    public long refusedConnections() {
        return refused.get();
    }

    /** Listens and starts accepting; returns at once. Starting a started balancer does nothing. */
    public synchronized LoadBalancer start() {
        if (server != null) {
            return this;
        }
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on port " + port + " for " + name, e);
        }
        Thread.ofVirtual().name(name + "-balancer").start(() -> accept(server));
        return this;
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Thread.ofVirtual().name(name + "-balanced").start(() -> forward(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void forward(Socket client) {
        open.add(client);
        Socket backend = connect();
        if (backend == null) {
            closeQuietly(client); // every instance refused: the caller sees its connection closed, and retries
            return;
        }
        open.add(backend);
        Thread back = Thread.ofVirtual().name(name + "-balanced").start(() -> copy(backend, client));
        copy(client, backend);
        try {
            back.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(client);
        closeQuietly(backend);
    }

    /** The next instance in turn that accepts a connection, or null when none does. */
    private Socket connect() {
        int first = Math.floorMod(next.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size(); i++) {
            int backendPort = backends.get((first + i) % backends.size());
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (ConnectException | SocketTimeoutException down) {
                refused.incrementAndGet();
                closeQuietly(socket);
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
        return null;
    }

    /** Copies until {@code from} ends, then ends {@code to}'s output, so the other direction can finish too. */
    private void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream(); // not closed here: that would close the socket both ways
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException broken) {
            // one side went away (a killed instance, a caller that gave up): so does the other
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops listening and breaks every open connection. */
    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        open.forEach(this::closeQuietly);
    }
}
