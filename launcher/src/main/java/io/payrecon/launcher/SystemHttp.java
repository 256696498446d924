package io.payrecon.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP against the running apps, as an order system or an operator would call them. */
public final class SystemHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** An answer, read whole. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private SystemHttp() {}

    public static Response get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /**
     * Every item of a list paged by key ({@code {"<field>": [...], "next": ...}}, the next page asked for with
     * {@code after=<next>}), the sandbox's lists for instance.
     *
     * @throws IllegalStateException when a page is not answered 200
     */
    public static List<JsonNode> allPages(String url, String field) {
        return allPages(url, field, null);
    }

    /**
     * As {@link #allPages(String, String)}, from the item after {@code after} (a key, null: from the first); {@code url}
     * must not have an {@code after} of its own.
     */
    public static List<JsonNode> allPages(String url, String field, String after) {
        List<JsonNode> items = new ArrayList<>();
        do {
            String page = url + (url.contains("?") ? "&" : "?") + "limit=1000"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            Response response = get(page, Map.of());
            if (response.status() != 200) {
                throw new IllegalStateException("GET " + page + " answered HTTP " + response.status());
            }
            JsonNode json = response.json();
            json.get(field).forEach(items::add);
            String next = json.path("next").isString() ? json.get("next").asString() : null;
            if (next != null && next.equals(after)) {
                // a list that answers the same page again would be read for ever, filling the heap
                throw new IllegalStateException("GET " + page + " did not move on: next is the page's own after");
            }
            after = next;
        } while (after != null);
        return items;
    }

    public static Response delete(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).DELETE();
        headers.forEach(request::header);
        return send(request);
    }

    public static Response postJson(String url, Map<String, String> headers, Object body) {
        return post(url, headers, JSON.writeValueAsBytes(body));
    }

    public static Response post(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request);
    }

    /** A form post, as a browser sends an HTML form ({@code application/x-www-form-urlencoded}). */
    public static Response postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    CLIENT.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
