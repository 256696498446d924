package io.payrecon.sandbox.credential;

import io.payrecon.sandbox.SandboxProperties;
import io.payrecon.sandbox.Token;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The credentials the sandbox knows: {@code sandbox.api-keys} and {@code sandbox.client-ids} (bound to the
 * platform destination {@code sandbox.destination-id}) and each entry of {@code sandbox.credentials}.
 */
@Component
class Credentials {

    private static final Logger log = LoggerFactory.getLogger(Credentials.class);

    /** One known credential; its value is kept as bytes for the constant-time comparison. */
    record Known(
            String name,
            boolean apiKey,
            byte[] value,
            String destinationId,
            Token token,
            List<String> allowedOrigins,
            boolean revoked,
            int rateLimit) {

        boolean frontend() {
            return !apiKey && !allowedOrigins.isEmpty();
        }

        String kind() {
            return apiKey ? "API key" : "Client ID";
        }
    }

    private final List<Known> known;

    Credentials(SandboxProperties properties) {
        List<Known> all = new ArrayList<>();
        List<String> apiKeys = properties.apiKeys();
        for (int i = 0; i < apiKeys.size(); i++) {
            all.add(new Known(
                    "api-keys[" + i + "]",
                    true,
                    utf8(apiKeys.get(i)),
                    properties.destinationId(),
                    properties.destinationToken(),
                    List.of(),
                    false,
                    properties.rateLimit()));
        }
        List<String> clientIds = properties.clientIds();
        for (int i = 0; i < clientIds.size(); i++) {
            all.add(new Known(
                    "client-ids[" + i + "]",
                    false,
                    utf8(clientIds.get(i)),
                    properties.destinationId(),
                    properties.destinationToken(),
                    List.of(),
                    false,
                    properties.rateLimit()));
        }
        List<SandboxProperties.Credential> listed = properties.credentials();
        for (int i = 0; i < listed.size(); i++) {
            SandboxProperties.Credential credential = listed.get(i);
            boolean apiKey = credential.apiKey() != null;
            boolean frontend = !apiKey && !credential.allowedOrigins().isEmpty();
            // An API key or a frontend Client ID falls back to the platform's destination; a backend one does not.
            String destination = credential.destinationId() != null
                    ? credential.destinationId()
                    : apiKey || frontend ? properties.destinationId() : null;
            Token token = credential.destinationId() != null
                    ? credential.token()
                    : destination != null ? properties.destinationToken() : null;
            all.add(new Known(
                    credential.name() != null ? credential.name() : "credentials[" + i + "]",
                    apiKey,
                    utf8(apiKey ? credential.apiKey() : credential.clientId()),
                    destination,
                    token,
                    credential.allowedOrigins(),
                    credential.revoked(),
                    credential.rateLimit() != null ? credential.rateLimit() : properties.rateLimit()));
        }
        this.known = List.copyOf(all);
        known.forEach(credential -> log.info(
                "Credential {}: {}{}, destination {}{}",
                credential.name(),
                credential.kind(),
                credential.frontend() ? " for origins " + credential.allowedOrigins() : "",
                credential.destinationId() == null
                        ? "none (cannot create links)"
                        : credential.destinationId() + " in "
                                + credential.token().symbol() + " ("
                                + credential.token().decimals() + " decimals)",
                credential.revoked() ? ", revoked" : ""));
    }

    Optional<Known> apiKey(String presented) {
        return find(presented, true);
    }

    Optional<Known> clientId(String presented) {
        return find(presented, false);
    }

    /** Compares with every credential of the kind in constant time, as a real credential check would. */
    private Optional<Known> find(String presented, boolean apiKey) {
        byte[] candidate = utf8(presented);
        Known match = null;
        for (Known credential : known) {
            if (credential.apiKey() == apiKey & MessageDigest.isEqual(candidate, credential.value())) {
                match = credential;
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
