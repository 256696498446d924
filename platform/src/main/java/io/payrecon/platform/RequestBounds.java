package io.payrecon.platform;

import io.payrecon.platform.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request body an app reads is bounded in size and time before any handler sees it, whatever the method: the
 * body is read here, within {@link BoundedBody}'s bounds, and handed on from memory. Too large is 413, too slow 408
 * (and the connection is closed), both problem+json. URL-encoded form bodies are left to the server, which parses them
 * within its own bound ({@code server.tomcat.max-http-form-post-size}); paths whose handler reads its body with bounds of its
 * own (the gateway's webhook endpoint, which counts each outcome) are left alone.
 */
final class RequestBounds extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestBounds.class);

    private final PlatformProperties.Requests bounds;
    private final Set<String> selfBoundedPaths;
    private final JsonMapper json = JsonMapper.builder().build();

    RequestBounds(PlatformProperties.Requests bounds) {
        this.bounds = bounds;
        this.selfBoundedPaths = Set.copyOf(bounds.selfBoundedPaths());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !hasBody(request) || isForm(request) || selfBoundedPaths.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body;
        int limit = (int) bounds.maxBody().toBytes();
        try {
            body = BoundedBody.read(
                    request.getInputStream(),
                    request.getContentLengthLong(),
                    limit,
                    BoundedBody.deadline(bounds.bodyDeadline()));
        } catch (BoundedBody.TooLarge e) {
            log.warn("{} {} refused: body larger than {} bytes", request.getMethod(), path(request), limit);
            problem(
                    request,
                    response,
                    ProblemType.REQUEST_TOO_LARGE,
                    "Request body too large",
                    "The body is larger than %d bytes, the most this app accepts in one request: send a smaller one"
                            .formatted(limit));
            return;
        } catch (BoundedBody.TooSlow e) {
            log.warn(
                    "{} {} refused: body not received within {}",
                    request.getMethod(),
                    path(request),
                    bounds.bodyDeadline());
            response.setHeader("Connection", "close");
            problem(
                    request,
                    response,
                    ProblemType.REQUEST_TOO_SLOW,
                    "Request body too slow",
                    "The whole body must arrive within %d s of the headers: send it at once"
                            .formatted(bounds.bodyDeadline().toSeconds()));
            return;
        }
        chain.doFilter(new ReadRequest(request, body), response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        // multipart bodies are read here like any other: multipart parsing is off (ServerBounds)
        return type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }

    private void problem(
            HttpServletRequest request, HttpServletResponse response, ProblemType type, String title, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = type.problem(title, detail);
        problem.setInstance(URI.create(path(request)));
        response.setStatus(type.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The path as a log line or a problem may show it: printable, short. */
    private static String path(HttpServletRequest request) {
        String path = request.getRequestURI().replaceAll("[^\\x21-\\x7E]", "?");
        return path.length() <= 200 ? path : path.substring(0, 200) + "…";
    }

    /** The request with its body already read: handlers read it from memory. */
    private static final class ReadRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body was read already: read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
