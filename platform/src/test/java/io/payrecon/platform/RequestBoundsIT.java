package io.payrecon.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every body an app reads is bounded in size and time before any handler sees it, over real HTTP. */
@SpringBootTest(
        classes = RequestBoundsIT.EchoApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.requests.max-body=1KB", "platform.requests.body-deadline=1s"})
class RequestBoundsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    WebServerApplicationContext context;

    @SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
    @RestController
    static class EchoApp {

        @PostMapping("/echo")
        Map<String, Object> echo(@RequestBody Map<String, Object> body) {
            return body;
        }

        @PutMapping("/form")
        String form(@RequestParam(required = false) String field) {
            return field == null ? "not parsed" : field;
        }
    }

    @Test
    void aBodyWithinTheBoundsReachesItsHandler() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"a\":\"b\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWith413ProblemBeforeItIsRead() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"a\":\"" + "x".repeat(2000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("larger than 1024 bytes")
                .contains("\"type\":\"https://payrecon.io/problems/request-too-large\"");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        String answer = raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "800\r\n" + "x".repeat(0x800) + "\r\n0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413");
    }

    @Test
    void aBodyThatTricklesIsCutOffAtTheDeadlineWith408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            String answer = "";
            for (int i = 0; i < 40 && answer.isEmpty(); i++) {
                out.write('x'); // a byte every 200 ms: never a pause long enough for a read timeout
                out.flush();
                Thread.sleep(200);
                answer = available(socket.getInputStream());
            }

            assertThat(answer)
                    .startsWith("HTTP/1.1 408")
                    .contains("must arrive within 1 s")
                    .contains("https://payrecon.io/problems/request-too-slow");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aMultipartBodyOverTheLimitIsRefusedLikeAnyOther() throws Exception {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n"
                + "x".repeat(5000) + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aFormSentWithPutIsNotReadIntoMemoryBySpring() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/form"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("field=" + "x".repeat(100)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("not parsed");
        assertThat(environment.getProperty("spring.mvc.formcontent.filter.enabled"))
                .isEqualTo("false");
    }

    @Test
    void everyRequestRunsOnAVirtualThreadWithinBoundedHeaders() {
        AbstractProtocol<?> tomcat = (AbstractProtocol<?>) ((TomcatWebServer) context.getWebServer())
                .getTomcat()
                .getConnector()
                .getProtocolHandler();

        assertThat(tomcat.getExecutor()).isInstanceOf(VirtualThreadExecutor.class);
        assertThat(environment.getProperty("server.max-http-request-header-size"))
                .isEqualTo("8KB");
        assertThat(environment.getProperty("server.tomcat.max-http-form-post-size"))
                .isEqualTo("64KB");
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                    received.write(buffer, 0, read);
                }
            } catch (IOException reset) {
                // closed with a reset: closed all the same
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String available(InputStream in) throws IOException {
        int available = in.available();
        return available == 0 ? "" : new String(in.readNBytes(available), StandardCharsets.ISO_8859_1);
    }
}
