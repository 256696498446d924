package io.payrecon.reconciler;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The reconciler's own settings, prefix {@code reconciler}. Kafka and the datasource use Boot's properties.
 *
 * @param apiKeys the keys accepted in {@code X-Api-Key} on {@code /api/**} (env {@code API_KEY}, comma-separated)
 * @param adminKeys the keys accepted in {@code X-Admin-Key} on {@code /admin/**} (env {@code ADMIN_KEY})
 */
@Validated
@ConfigurationProperties("reconciler")
public record ReconcilerProperties(
        @NotEmpty(
                message = "is empty: set API_KEY (or reconciler.api-keys) to the comma-separated keys accepted in "
                        + "X-Api-Key; the reconciler does not start without one")
        List<String> apiKeys,

        @NotEmpty(
                message = "is empty: set ADMIN_KEY (or reconciler.admin-keys) to the comma-separated keys accepted "
                        + "in X-Admin-Key; the reconciler does not start without one")
        List<String> adminKeys) {

    public ReconcilerProperties {
        apiKeys = keys(apiKeys);
        adminKeys = keys(adminKeys);
    }

    /** Blank entries (an unset variable, a trailing comma) are no keys at all. */
    private static List<String> keys(List<String> configured) {
        return configured == null
                ? List.of()
                : configured.stream()
                        .map(String::strip)
                        .filter(key -> !key.isEmpty())
                        .toList();
    }
}
