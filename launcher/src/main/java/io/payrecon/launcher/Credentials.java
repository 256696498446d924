package io.payrecon.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets that wire the local system together: development values, generated once per data folder and
 * printed, never used outside devstack.
 *
 * @param apiKey accepted in {@code X-Api-Key} by link-service and the reconciler
 * @param adminUser the development operator of the reconciler's admin API (role {@code operator})
 * @param adminKey that operator's own key, for {@code X-Admin-Key}
 * @param readOnlyAdminUser the development read-only operator (role {@code read-only})
 * @param readOnlyAdminKey that operator's own key
 * @param webhookSecret what the sandbox signs webhooks with and the gateway accepts
 * @param requestApiKey the provider API key link-service and the reconciler use against the sandbox
 * @param requestClientId the provider Client ID, for calls made with one
 */
public record Credentials(
        String apiKey,
        String adminUser,
        String adminKey,
        String readOnlyAdminUser,
        String readOnlyAdminKey,
        String webhookSecret,
        String requestApiKey,
        String requestClientId) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static Credentials generate() {
        return new Credentials(
                "dev_" + hex(16),
                "dev-operator",
                "adm_" + hex(32),
                "dev-viewer",
                "adm_" + hex(32),
                hex(32),
                "rk_dev_" + hex(16),
                "cli_dev" + hex(8));
    }

    /**
     * Reads them back from the variables {@link #asVariables()} wrote; what is missing (a folder of an earlier version
     * has no read-only operator) comes from {@code defaults}.
     */
    public static Credentials fromVariables(Map<String, String> variables, Credentials defaults) {
        Map<String, String> all = new LinkedHashMap<>(defaults.asVariables());
        variables.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                all.put(name, value);
            }
        });
        return new Credentials(
                all.get("API_KEY"),
                all.get("ADMIN_USER"),
                all.get("ADMIN_KEY"),
                all.get("READ_ONLY_ADMIN_USER"),
                all.get("READ_ONLY_ADMIN_KEY"),
                all.get("WEBHOOK_SECRET"),
                all.get("REQUEST_API_KEY"),
                all.get("REQUEST_CLIENT_ID"));
    }

    /** The names of architecture §7, and the read-only operator's. */
    public Map<String, String> asVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("API_KEY", apiKey);
        variables.put("ADMIN_USER", adminUser);
        variables.put("ADMIN_KEY", adminKey);
        variables.put("READ_ONLY_ADMIN_USER", readOnlyAdminUser);
        variables.put("READ_ONLY_ADMIN_KEY", readOnlyAdminKey);
        variables.put("WEBHOOK_SECRET", webhookSecret);
        variables.put("REQUEST_API_KEY", requestApiKey);
        variables.put("REQUEST_CLIENT_ID", requestClientId);
        return variables;
    }

    /** The reconciler's {@code ADMIN_OPERATORS}: both operators, their keys only as SHA-256. */
    public String adminOperators() {
        return adminUser + ":operator:" + sha256(adminKey) + "," + readOnlyAdminUser + ":read-only:"
                + sha256(readOnlyAdminKey);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
