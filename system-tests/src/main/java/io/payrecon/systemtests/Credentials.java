package io.payrecon.systemtests;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets that wire the local system together: development values, generated once per data folder and
 * printed, never used outside devstack.
 *
 * @param apiKey accepted in {@code X-Api-Key} by link-service and the reconciler
 * @param adminKey accepted in {@code X-Admin-Key} by the reconciler's admin API
 * @param webhookSecret what the sandbox signs webhooks with and the gateway accepts
 * @param requestApiKey the provider API key link-service and the reconciler use against the sandbox
 * @param requestClientId the provider Client ID, for calls made with one
 */
public record Credentials(
        String apiKey, String adminKey, String webhookSecret, String requestApiKey, String requestClientId) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static Credentials generate() {
        return new Credentials("dev_" + hex(16), "adm_" + hex(16), hex(32), "rk_dev_" + hex(16), "cli_dev" + hex(8));
    }

    /** Reads them back from the variables {@link #asVariables()} wrote. */
    public static Credentials fromVariables(Map<String, String> variables) {
        return new Credentials(
                variables.get("API_KEY"),
                variables.get("ADMIN_KEY"),
                variables.get("WEBHOOK_SECRET"),
                variables.get("REQUEST_API_KEY"),
                variables.get("REQUEST_CLIENT_ID"));
    }

    /** The names of architecture §7. */
    public Map<String, String> asVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("API_KEY", apiKey);
        variables.put("ADMIN_KEY", adminKey);
        variables.put("WEBHOOK_SECRET", webhookSecret);
        variables.put("REQUEST_API_KEY", requestApiKey);
        variables.put("REQUEST_CLIENT_ID", requestClientId);
        return variables;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
