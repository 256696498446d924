package io.payrecon.sandbox;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An error body in the provider's own shape ({@code {"statusCode":400,"message":[...],"error":"Bad Request"}}), for
 * the {@code /v2} endpoints, which answer like the provider. The sandbox's own endpoints answer problem+json.
 *
 * @param message a string, or a list of strings for validation errors
 */
public record ProviderError(int statusCode, Object message, String error) {

    public static ResponseEntity<ProviderError> of(HttpStatus status, Object message) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ProviderError(status.value(), message, status.getReasonPhrase()));
    }
}
