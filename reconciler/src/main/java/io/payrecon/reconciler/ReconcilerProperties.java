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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reconciler's own settings, prefix {@code reconciler}. Kafka and the datasource use Boot's properties, the
 * provider client the {@code request.*} ones.
 *
 * @param apiKeys the keys accepted in {@code X-Api-Key} on {@code /api/**} (env {@code API_KEY}, comma-separated)
 * @param adminOperators the people who may use {@code /admin/**} (env {@code ADMIN_OPERATORS}, comma-separated
 *     {@code name:role:sha256hex} entries, see {@link #operators()}); each sends their own key in {@code X-Admin-Key}
 * @param retiredAdminKey the shared admin key of before named operators (env {@code ADMIN_KEY}): no longer accepted.
 *     Set without {@code ADMIN_OPERATORS}, the reconciler refuses to start and says how to migrate; set beside it,
 *     it is ignored (a warning says so)
 * @param webhookSecrets the provider's webhook signing secrets, the same as the gateway's (env {@code WEBHOOK_SECRET},
 *     comma-separated): every {@code webhook.received} is verified again with the one it names before it is applied
 * @param parkedAlertAge webhooks parked for longer than this, and still waited for, are listed for operators
 *     ({@code GET /admin/parked}) and counted by the {@code reconciler.parked.stale} gauge
 * @param parked when a parked webhook stops being waited for: see {@link Parked}
 * @param polling the polling fallback for missed webhooks
 * @param instanceId this instance's stable name in the consumer group (env {@code RECONCILER_INSTANCE_ID}), for Kafka
 *     static membership: a restarted instance with the same name gets its partitions back at once, without a
 *     rebalance. Unset: no static membership (a restarted instance rejoins once the old member's session timed out).
 *     Each instance must have its own: two running with one name fence each other
 * @param chaos fault injection for the crash suite; off by default
 * @param adminPort when set (env {@code RECONCILER_ADMIN_PORT}), the admin API ({@code /admin/**}) is served on this
 *     port only, a second connector meant for the internal network, and {@code server.port} answers 404 there; 0 picks
 *     a free port. Unset (local runs, tests): {@code /admin/**} is served on {@code server.port} with the rest
 * @param jobs how replays, republishes and rebuilds run as jobs: see {@link Jobs}
 * @param intake how a consumed batch is applied: see {@link Intake}
 */
@Validated
@ConfigurationProperties("reconciler")
public record ReconcilerProperties(
        @NotEmpty(
                message = "is empty: set API_KEY (or reconciler.api-keys) to the comma-separated keys accepted in "
                        + "X-Api-Key; the reconciler does not start without one")
        List<String> apiKeys,

        @NotEmpty(
                message = "is empty: set ADMIN_OPERATORS (or reconciler.admin-operators) to the operators of the "
                        + "admin API, comma-separated name:role:sha256 entries such as alice:operator:<SHA-256 of "
                        + "alice's key, 64 hex digits>, role read-only or operator; the reconciler does not start "
                        + "without one (docs/operations.md, Operators)")
        List<String> adminOperators,

        String retiredAdminKey,

        @NotEmpty(
                message = "is empty: set WEBHOOK_SECRET (or reconciler.webhook-secrets) to the webhook secrets the"
                        + " gateway has (comma-separated): the reconciler checks every webhook's signature again"
                        + " and does not start without one")
        List<String> webhookSecrets,

        @DefaultValue("1h") @NotNull Duration parkedAlertAge,

        @DefaultValue @Valid Parked parked,

        @DefaultValue @Valid Polling polling,

        @Pattern(
                regexp = "[A-Za-z0-9._-]{1,100}",
                message = "must be 1 to 100 letters, digits, '.', '_' or '-' (RECONCILER_INSTANCE_ID), one per "
                        + "instance, stable across its restarts, such as reconciler-1")
        String instanceId,

        @DefaultValue @Valid Chaos chaos,

        @Min(0) @Max(65535) Integer adminPort,

        @DefaultValue @Valid Jobs jobs,

        @DefaultValue @Valid Intake intake) {

    public ReconcilerProperties {
        apiKeys = keys(apiKeys);
        webhookSecrets = keys(webhookSecrets);
        adminOperators = keys(adminOperators);
        retiredAdminKey = retiredAdminKey == null || retiredAdminKey.isBlank() ? null : retiredAdminKey;
        if (adminOperators.isEmpty() && retiredAdminKey != null) {
            throw new IllegalArgumentException(MIGRATE_FROM_ADMIN_KEY);
        }
        operators(adminOperators); // refuses a malformed entry, a duplicate, an unknown role, naming the problem
        parked = parked == null ? Parked.DEFAULT : parked;
        if (parkedAlertAge != null && parked.foreignAfter().compareTo(parkedAlertAge) <= 0) {
            throw new IllegalArgumentException("reconciler.parked.foreign-after (RECONCILER_PARKED_FOREIGN_AFTER, "
                    + parked.foreignAfter() + ") must be longer than reconciler.parked-alert-age (" + parkedAlertAge
                    + "): a webhook whose link is late must trip the stale-parking alert before it is taken for "
                    + "foreign");
        }
        instanceId = instanceId == null || instanceId.isBlank() ? null : instanceId.strip();
        jobs = jobs == null ? Jobs.DEFAULT : jobs;
        intake = intake == null ? Intake.DEFAULT : intake;
    }

    static final String MIGRATE_FROM_ADMIN_KEY =
            "ADMIN_KEY is set, but the admin API no longer takes a shared key: each operator has a name, a role and "
                    + "their own key, listed in ADMIN_OPERATORS as name:role:sha256 entries. To migrate, for each "
                    + "person generate a key (openssl rand -hex 32, or ./pipeline ops operators new-key --name alice "
                    + "--role operator), add alice:operator:HASH to ADMIN_OPERATORS, HASH being what printf %s "
                    + "\"$KEY\" | sha256sum prints before its ' -', hand them their key, and unset ADMIN_KEY "
                    + "(docs/operations.md, Operators)";

    /** Names are printed in the audit log and logs: no separators, nothing to escape. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** Whether {@code name} could be an operator's name (1 to 64 of {@code A-Z a-z 0-9 . _ @ -}), as entries must. */
    public static boolean isOperatorName(String name) {
        return name != null && name.length() <= 64 && NAME.matcher(name).matches();
    }

    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * What an operator may do on {@code /admin/**}. A read-only operator may use every {@code GET}; changing state
     * ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) needs {@link #OPERATOR}.
     */
    public enum Role {
        READ_ONLY("read-only"),
        OPERATOR("operator");

        private final String configured;

        Role(String configured) {
            this.configured = configured;
        }

        /** As written in {@code ADMIN_OPERATORS}. */
        public String configured() {
            return configured;
        }

        static Role of(String configured) {
            for (Role role : values()) {
                if (role.configured.equals(configured)) {
                    return role;
                }
            }
            return null;
        }
    }

    /**
     * One key of one operator, as listed in {@code ADMIN_OPERATORS}.
     *
     * @param name who they are, as the audit log names them: 1 to 64 of {@code A-Z a-z 0-9 . _ @ -}
     * @param keySha256 the SHA-256 of their key's UTF-8 bytes, 64 lower-case hex digits; the key itself is never
     *     configured
     */
    public record Operator(String name, Role role, String keySha256) {}

    /**
     * The operators of {@link #adminOperators()}, one per entry. A name may be listed twice, with the same role and
     * two different keys, while that operator's key is rotated (both work until the old entry is removed); no key may
     * be listed twice, so every key names one person.
     */
    public List<Operator> operators() {
        return operators(adminOperators);
    }

    /**
     * Parses {@code name:role:sha256hex} entries. Messages name the entry by position and name, never its third part:
     * an entry holding a key by mistake must not put the key into the log.
     */
    private static List<Operator> operators(List<String> entries) {
        List<Operator> operators = new ArrayList<>();
        Map<String, List<Operator>> byName = new LinkedHashMap<>();
        Map<String, Integer> byHash = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            int position = i + 1;
            String[] parts = entries.get(i).split(":", -1);
            if (parts.length != 3) {
                throw invalid("entry " + position + " has " + parts.length + " part(s) separated by ':', not the 3 "
                        + "of name:role:sha256 (such as alice:operator:<64 hex digits>)");
            }
            String name = parts[0].strip();
            String roleText = parts[1].strip();
            String hash = parts[2].strip();
            if (!NAME.matcher(name).matches()) {
                throw invalid("entry " + position + ": the name must be 1 to 64 of A-Z a-z 0-9 . _ @ -");
            }
            Role role = Role.of(roleText);
            if (role == null) {
                boolean printable = roleText.length() <= 20 && roleText.matches("[A-Za-z_-]*");
                throw invalid("entry " + position + " (" + name + "): unknown role"
                        + (printable ? " '" + roleText + "'" : "") + "; the roles are read-only and operator");
            }
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw invalid("entry " + position + " (" + name + "): the third part must be the SHA-256 of the "
                        + "operator's key as 64 hex digits (printf %s \"$KEY\" | sha256sum, without the trailing -),"
                        + " never the key itself");
            }
            Operator operator = new Operator(name, role, hash.toLowerCase(Locale.ROOT));
            Integer earlier = byHash.putIfAbsent(operator.keySha256(), position);
            if (earlier != null) {
                throw invalid("entries " + earlier + " and " + position + " (" + name + ") have the same key: "
                        + "every operator needs their own key, and a key is listed once");
            }
            List<Operator> named = byName.computeIfAbsent(name, n -> new ArrayList<>());
            if (!named.isEmpty() && named.get(0).role() != role) {
                throw invalid(name + " is listed as " + named.get(0).role().configured() + " and as "
                        + role.configured() + ": an operator has one role");
            }
            if (named.size() == 2) {
                throw invalid(name + " is listed three times: at most twice, the current key and its "
                        + "replacement while the key is rotated");
            }
            named.add(operator);
            operators.add(operator);
        }
        return List.copyOf(operators);
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("ADMIN_OPERATORS (reconciler.admin-operators): " + problem);
    }

    /**
     * Webhooks for request ids that never get a link of ours (requests created elsewhere with the same Client ID, say)
     * are parked like any early webhook. Once parked for longer than {@code foreignAfter} with still no link for their
     * request id, they are marked foreign: kept (never deleted) and listed ({@code GET /admin/parked?state=foreign}),
     * recorded as ignored with that reason, no longer counted by the stale-parking gauge, and still applied should
     * their link arrive after all.
     *
     * @param foreignAfter how long a parked webhook is waited for (env {@code RECONCILER_PARKED_FOREIGN_AFTER}): longer
     *     than {@code parked-alert-age}, so that a late link trips the alert first. A link event is published in the
     *     transaction that created the link, so a webhook beats it only by link-service's relay and the reconciler's
     *     consumer lag, seconds normally; a day covers any outage of those that the alert has not already called an
     *     operator for. The link's own lifetime does not matter: its event comes when it is created, not when paid
     * @param foreignCheckEvery how often parked webhooks are looked at for this
     */
    public record Parked(
            @DefaultValue("24h") @NotNull Duration foreignAfter,
            @DefaultValue("1m") @NotNull Duration foreignCheckEvery) {

        static final Parked DEFAULT = new Parked(Duration.ofHours(24), Duration.ofMinutes(1));

        public Parked {
            if ((foreignAfter != null && !positive(foreignAfter))
                    || (foreignCheckEvery != null && !positive(foreignCheckEvery))) {
                throw new IllegalArgumentException(
                        "reconciler.parked.foreign-after and foreign-check-every must be positive");
            }
        }
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
     * How a consumed batch is applied (docs/performance.md, "One consumer, batches split by key"). A batch is one
     * transaction, unless it has at least {@code parallelFrom} records, as a consumer that is behind polls: then it is
     * split by key into {@code lanes} transactions that run at the same time, each on a connection of its own. A
     * caught-up consumer's batches (what arrived since its last poll: tens of records at 1,000 webhooks/s) stay whole,
     * one commit each.
     *
     * @param lanes transactions a large batch is split into; 1 never splits
     * @param parallelFrom the smallest batch that is split
     */
    public record Intake(
            @DefaultValue("3") @Min(1) @Max(16) int lanes,
            @DefaultValue("300") @Min(1) int parallelFrom) {

        static final Intake DEFAULT = new Intake(3, 300);
    }

    /**
     * How the reconciler asks the provider ({@code GET /v2/request/{requestId}}) about requests of orders still open,
     * for when webhooks went missing. A request is polled at the ages (time since its link was created) of the
     * {@code ladder}, then every {@code thenEvery} until it is {@code slowAfter} old, then every {@code slowEvery},
     * until its link's expiry plus {@code grace}, or until its order is paid or refunded.
     *
     * @param enabled whether this instance polls (every instance may: due polls are claimed with SKIP LOCKED)
     * @param rate requests per second at most, per instance, so a backlog is not sent in one burst; what every
     *     instance and link-service send together is bounded by the credential's quota ({@code request.quota.*})
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

    /**
     * Replays, republishes and rebuilds run as jobs ({@code ops_jobs}), claimed by the workers of any instance.
     *
     * @param workers jobs this instance runs at once; a job started while every worker is busy waits queued
     * @param pollInterval how often queued jobs are looked for, and running ones swept for a stopped heartbeat
     * @param heartbeatInterval how often a running job's heartbeat is written besides after every page (a rebuild's
     *     comparison, say, has no pages)
     * @param staleAfter a running job whose heartbeat is older than this is marked interrupted (its instance stopped
     *     or lost the database); longer than {@code heartbeat-interval}
     * @param pageSize records (replay) or history rows (republish) per page: one transaction and one progress write each
     * @param pagePause a pause after every page of a replay or republish, to spare the database and the broker while
     *     the live listeners are busy; 0 (the default) is none
     * @param dryRunMaxRecords the most records (offsets in the range) a replay dry run reads: it is one transaction,
     *     holding its locks until its end, so a larger one fails at once and asks for a narrower range, an order, a
     *     rebuild dry run, or the replay run for real
     */
    public record Jobs(
            @DefaultValue("2") @Min(1) @Max(16) int workers,
            @DefaultValue("1s") @NotNull Duration pollInterval,
            @DefaultValue("5s") @NotNull Duration heartbeatInterval,
            @DefaultValue("30s") @NotNull Duration staleAfter,
            @DefaultValue("500") @Min(1) @Max(10_000) int pageSize,
            @DefaultValue("0s") @NotNull Duration pagePause,
            @DefaultValue("50000") @Min(1) @Max(10_000_000) long dryRunMaxRecords) {

        static final Jobs DEFAULT = new Jobs(
                2, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 500, Duration.ZERO, 50_000);

        public Jobs {
            if ((pollInterval != null && !positive(pollInterval))
                    || (heartbeatInterval != null && !positive(heartbeatInterval))
                    || (staleAfter != null && !positive(staleAfter))) {
                throw new IllegalArgumentException(
                        "reconciler.jobs.poll-interval, heartbeat-interval and stale-after must be positive");
            }
            if (heartbeatInterval != null && staleAfter != null && staleAfter.compareTo(heartbeatInterval) <= 0) {
                throw new IllegalArgumentException("reconciler.jobs.stale-after (" + staleAfter + ") must be longer "
                        + "than reconciler.jobs.heartbeat-interval (" + heartbeatInterval + "): a job alive and well "
                        + "would be taken for interrupted");
            }
            if (pagePause != null && pagePause.isNegative()) {
                throw new IllegalArgumentException("reconciler.jobs.page-pause must not be negative");
            }
            if (dryRunMaxRecords < 1) {
                throw new IllegalArgumentException("reconciler.jobs.dry-run-max-records must be at least 1");
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
