package io.payrecon.sandbox;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * An error body in the provider's own shape ({@code {"statusCode":400,"message":[...],"error":"Bad Request"}}), for
 * the {@code /v2} endpoints, which answer like the provider. The sandbox's own endpoints answer problem+json.
 *
 * @param message a string, or a list of strings for validation errors
 */
public record ProviderError(int statusCode, Object message, String error) {

    public static ProviderError of(int status, Object message) {
        HttpStatus known = HttpStatus.resolve(status);
        return new ProviderError(status, message, known == null ? "Error" : known.getReasonPhrase());
    }

    public static ResponseEntity<ProviderError> of(HttpStatus status, Object message) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(of(status.value(), message));
    }

    /** Answers a servlet request with this error, for the filters in front of the {@code /v2} controllers. */
    public static void write(HttpServletResponse response, JsonMapper json, int status, Object message)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), of(status, message));
    }
}
