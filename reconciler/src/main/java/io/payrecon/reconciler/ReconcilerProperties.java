package io.payrecon.reconciler;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reconciler's own settings, prefix {@code reconciler}. Kafka and the datasource use Boot's properties, the
 * provider client the {@code request.*} ones.
 *
 * @param apiKeys the keys accepted in {@code X-Api-Key} on {@code /api/**} (env {@code API_KEY}, comma-separated)
 * @param adminKeys the keys accepted in {@code X-Admin-Key} on {@code /admin/**} (env {@code ADMIN_KEY})
 * @param webhookSecrets the provider's webhook signing secrets, the same as the gateway's (env {@code WEBHOOK_SECRET},
 *     comma-separated): every {@code webhook.received} is verified again with the one it names before it is applied
 * @param parkedAlertAge webhooks parked for longer than this are listed for operators ({@code GET /admin/parked})
 *     and counted by the {@code reconciler.parked.stale} gauge
 * @param polling the polling fallback for missed webhooks
 * @param instanceId this instance's stable name in the consumer group (env {@code RECONCILER_INSTANCE_ID}), for Kafka
 *     static membership: a restarted instance with the same name gets its partitions back at once, without a
 *     rebalance. Unset: no static membership (a restarted instance rejoins once the old member's session timed out).
 *     Each instance must have its own: two running with one name fence each other
 * @param chaos fault injection for the crash suite; off by default
 * @param adminPort when set (env {@code RECONCILER_ADMIN_PORT}), the admin API ({@code /admin/**}) is served on this
 *     port only, a second connector meant for the internal network, and {@code server.port} answers 404 there; 0 picks
 *     a free port. Unset (local runs, tests): {@code /admin/**} is served on {@code server.port} with the rest
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
        List<String> adminKeys,

        @NotEmpty(
                message = "is empty: set WEBHOOK_SECRET (or reconciler.webhook-secrets) to the webhook secrets the"
                        + " gateway has (comma-separated): the reconciler checks every webhook's signature again"
                        + " and does not start without one")
        List<String> webhookSecrets,

        @DefaultValue("1h") @NotNull Duration parkedAlertAge,

        @DefaultValue @Valid Polling polling,

        @Pattern(
                regexp = "[A-Za-z0-9._-]{1,100}",
                message = "must be 1 to 100 letters, digits, '.', '_' or '-' (RECONCILER_INSTANCE_ID), one per "
                        + "instance, stable across its restarts, such as reconciler-1")
        String instanceId,

        @DefaultValue @Valid Chaos chaos,

        @Min(0) @Max(65535) Integer adminPort) {

    public ReconcilerProperties {
        apiKeys = keys(apiKeys);
        adminKeys = keys(adminKeys);
        webhookSecrets = keys(webhookSecrets);
        instanceId = instanceId == null || instanceId.isBlank() ? null : instanceId.strip();
    }

    /**
     * Fault injection for the crash suite (system-tests, tag {@code chaos}). Never set in production.
     *
     * @param haltAfterBatchCommits when N > 0, the process halts ({@code Runtime.halt(137)}, like {@code kill -9})
     *     right after the N-th consumed batch's database transaction committed, before its Kafka offsets are
     *     committed (env {@code RECONCILER_CHAOS_HALT_AFTER_BATCH_COMMITS}); 0 is off
     */
    public record Chaos(@DefaultValue("0") @PositiveOrZero int haltAfterBatchCommits) {}

    /**
     * How the reconciler asks the provider ({@code GET /v2/request/{requestId}}) about requests of orders still open,
     * for when webhooks went missing. A request is polled at the ages (time since its link was created) of the
     * {@code ladder}, then every {@code thenEvery} until it is {@code slowAfter} old, then every {@code slowEvery},
     * until its link's expiry plus {@code grace}, or until its order is paid or refunded.
     *
     * @param enabled whether this instance polls (every instance may: due polls are claimed with SKIP LOCKED)
     * @param rate requests per second at most, per instance (the provider allows 300 per minute by default)
     * @param interval how often due polls are looked for
     * @param lease how long a claimed poll is kept from other instances while it is being made
     */
    public record Polling(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1m,2m,5m,10m") @NotEmpty List<Duration> ladder,
            @DefaultValue("1h") @NotNull Duration thenEvery,
            @DefaultValue("1d") @NotNull Duration slowAfter,
            @DefaultValue("1d") @NotNull Duration slowEvery,
            @DefaultValue("1d") @NotNull Duration grace,
            @DefaultValue("5") @Positive double rate,
            @DefaultValue("1s") @NotNull Duration interval,
            @DefaultValue("2m") @NotNull Duration lease) {

        public Polling {
            for (int i = 0; i < ladder.size(); i++) {
                if (!positive(ladder.get(i)) || (i > 0 && ladder.get(i).compareTo(ladder.get(i - 1)) <= 0)) {
                    throw new IllegalArgumentException(
                            "reconciler.polling.ladder must be increasing positive ages, such as 1m,2m,5m,10m; was "
                                    + ladder);
                }
            }
            if (!positive(thenEvery) || !positive(slowEvery) || !positive(interval) || !positive(lease)) {
                throw new IllegalArgumentException(
                        "reconciler.polling.then-every, slow-every, interval and lease " + "must be positive");
            }
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
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
