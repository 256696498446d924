package io.payrecon.benchkit;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 keep-alive connection of a load generator (the benchmarks'), with blocking socket I/O: it writes a request's bytes as
 * they are and reads the answer's status line, headers and body ({@code Content-Length} or chunked). A
 * general-purpose client (the JDK's {@code HttpClient}) costs more CPU per request than the gateway does, and the
 * generator shares two cores with the gateway and the broker. Reconnects after an error or a {@code Connection:
 * close}.
 *
 * <p>Reads block without a socket timeout: with one, the JDK reads a socket in non-blocking mode and waits in
 * {@code poll}, three system calls where one blocking read does, per answer. The timeout is kept by a watchdog instead,
 * which closes a connection whose exchange has outlived it (the exchange then fails with a
 * {@link SocketTimeoutException}).
 */
public final class HttpConnection implements AutoCloseable {

    /** The connections in an exchange; the watchdog looks at them ten times a second. */
    private static final Set<HttpConnection> EXCHANGING = ConcurrentHashMap.newKeySet();

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "http-connection-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    static {
        WATCHDOG.scheduleWithFixedDelay(HttpConnection::closeOverdue, 100, 100, TimeUnit.MILLISECONDS);
    }

    private final String host;
    private final int port;
    private final int timeoutMillis;
    /** Read by the watchdog too. */
    private volatile Socket socket;

    private InputStream in;
    private OutputStream out;
    /** When the current exchange is overdue ({@link System#nanoTime()}). */
    private volatile long overdueAt;
    /** Set by the watchdog when it closed the socket of an overdue exchange. */
    private volatile boolean timedOut;

    public HttpConnection(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /**
     * The bytes of one {@code POST} with a body: build them before the request is due, so that the send is all
     * that is timed.
     */
    public static byte[] post(URI uri, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(512)
                .append("POST ")
                .append(uri.getRawPath())
                .append(" HTTP/1.1\r\nHost: ")
                .append(uri.getHost())
                .append(':')
                .append(uri.getPort())
                .append("\r\nContent-Length: ")
                .append(body.length)
                .append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** Sends one whole request and answers the response's status code, once its body has been read. */
    public int exchange(byte[] request) throws IOException {
        if (socket == null || socket.isClosed()) {
            open();
        }
        overdueAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        timedOut = false;
        EXCHANGING.add(this);
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            if (timedOut) {
                SocketTimeoutException timeout =
                        new SocketTimeoutException("No answer within " + timeoutMillis + " ms");
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        } finally {
            EXCHANGING.remove(this);
        }
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    private static void closeOverdue() {
        long now = System.nanoTime();
        for (HttpConnection connection : EXCHANGING) {
            if (now - connection.overdueAt > 0) {
                connection.timedOut = true;
                connection.closeSocketOnly();
            }
        }
    }

    /** From the watchdog: the sending thread, blocked in a read or a write, fails and cleans up itself. */
    private void closeSocketOnly() {
        Socket open = socket;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private int readResponse() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("Not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closing = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().split(";")[0].strip(), 16);
                    size > 0;
                    size = Long.parseLong(readLine().split(";")[0].strip(), 16)) {
                skip(size);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else if (contentLength > 0) {
            skip(contentLength);
        }
        if (closing) {
            close();
        }
        return status;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("Connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void skip(long count) throws IOException {
        for (long left = count; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("Connection closed in the middle of a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
