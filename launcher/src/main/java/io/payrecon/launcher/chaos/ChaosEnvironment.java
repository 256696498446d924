package io.payrecon.launcher.chaos;

import io.payrecon.launcher.App;
import io.payrecon.launcher.Credentials;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the apps get, on top of the usual wiring, for a crash-suite run. */
public final class ChaosEnvironment {

    /**
     * The reconciler's polling ladder for a chaos run (reconciler.polling.*, see its README): deliveries lost in an
     * outage are recovered within seconds instead of the production ladder's minutes, so the ledger can be checked
     * shortly after the traffic stops.
     */
    public static final Map<String, String> SHORT_POLLING = orderedMap(
            "RECONCILER_POLLING_ENABLED", "true",
            // From 25 s on: the provider retries a delivery for about 21 s, so an earlier poll of an order would
            // mostly find what its webhook is about to bring, and spend the polling share of the quota for nothing.
            "RECONCILER_POLLING_LADDER", "25s,40s,60s,90s",
            "RECONCILER_POLLING_THEN_EVERY", "60s",
            "RECONCILER_POLLING_INTERVAL", "1s",
            "RECONCILER_POLLING_RATE", "50");

    /** The provider's default tier: requests per minute per credential (request-network-api.md §1). */
    public static final int DEFAULT_TIER = 300;

    /** What a raised run gives the sandbox and our quota instead. */
    public static final int RAISED_TIER = 1_000_000;

    /** The usable part of a tier: our quota keeps 10 % headroom (provider-quota's default). */
    public static double ordersPerSecondWithin(int tier) {
        return tier * 0.9 / 60;
    }

    private ChaosEnvironment() {}

    /**
     * At the provider's default tier: the sandbox and our quota both at {@link #DEFAULT_TIER}. link-service calls the
     * provider with the Client ID (and an {@code Origin}, which the provider's OpenAPI file requires with Client-ID
     * authentication) instead of the API key, so every settlement also arrives as a {@code .client_id} variant; the
     * reconciler polls with the API key, a credential of its own with its own quota, on {@link #SHORT_POLLING},
     * overridden by {@code reconcilerOverrides}.
     */
    public static Map<App, Map<String, String>> of(Credentials credentials, Map<String, String> reconcilerOverrides) {
        return of(credentials, reconcilerOverrides, DEFAULT_TIER);
    }

    /**
     * As {@link #of(Credentials, Map)} with another tier for the sandbox and our quota alike; anything above
     * {@link #DEFAULT_TIER} is not the provider's default, and a run that uses it must say so.
     */
    public static Map<App, Map<String, String>> of(
            Credentials credentials, Map<String, String> reconcilerOverrides, int tier) {
        String perMinute = Integer.toString(tier);
        Map<App, Map<String, String>> environment = new EnumMap<>(App.class);
        environment.put(App.REQUEST_SANDBOX, Map.of("SANDBOX_RATE_LIMIT", perMinute));
        Map<String, String> reconciler = new LinkedHashMap<>(SHORT_POLLING);
        reconciler.put("REQUEST_QUOTA_PER_MINUTE", perMinute);
        reconciler.putAll(reconcilerOverrides);
        environment.put(App.RECONCILER, reconciler);
        environment.put(
                App.LINK_SERVICE,
                orderedMap(
                        "REQUEST_API_KEY",
                        "",
                        "REQUEST_CLIENT_ID",
                        credentials.requestClientId(),
                        "REQUEST_ORIGIN",
                        "http://localhost",
                        "REQUEST_QUOTA_PER_MINUTE",
                        perMinute));
        return environment;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
