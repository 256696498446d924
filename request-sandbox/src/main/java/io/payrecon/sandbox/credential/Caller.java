package io.payrecon.sandbox.credential;

import io.payrecon.sandbox.Token;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who called the provider API, once {@link CredentialFilter} accepted the credential. Controllers read it with
 * {@link #of(HttpServletRequest)}; it never holds an API key, only a Client ID, which the provider itself puts into
 * {@code .client_id} webhooks.
 *
 * @param credential the credential's configured name, for logs
 * @param clientId the {@code x-client-id} when the call was made with one; null for an API key
 * @param origin the {@code Origin} sent, if any
 * @param destinationId the payee destination bound to the credential; null for an unbound backend Client ID
 * @param token the token that destination collects in; null with it
 * @param backendClientId a Client ID without allowed origins, which must be bound to a destination to create links
 */
public record Caller(
        String credential, String clientId, String origin, String destinationId, Token token, boolean backendClientId) {

    static final String ATTRIBUTE = Caller.class.getName();

    /** The caller of a {@code /v2} request; the filter has always set it by the time a controller runs. */
    public static Caller of(HttpServletRequest request) {
        Caller caller = (Caller) request.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException(
                    "No caller: " + request.getRequestURI() + " is not behind the credential filter");
        }
        return caller;
    }
}
