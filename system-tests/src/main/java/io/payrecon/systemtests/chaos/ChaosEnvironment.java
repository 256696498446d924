package io.payrecon.systemtests.chaos;

import io.payrecon.systemtests.App;
import io.payrecon.systemtests.Credentials;
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
            "RECONCILER_POLLING_LADDER", "5s,10s,20s,40s",
            "RECONCILER_POLLING_THEN_EVERY", "20s",
            "RECONCILER_POLLING_INTERVAL", "1s",
            "RECONCILER_POLLING_RATE", "50");

    private ChaosEnvironment() {}

    /**
     * The sandbox's rate limit out of the way (the driver's creates and the reconciler's polls come from one
     * address); link-service calls the provider with the Client ID instead of the API key, so every settlement
     * also arrives as a {@code .client_id} variant; the reconciler polls on {@link #SHORT_POLLING}, overridden by
     * {@code reconcilerOverrides}.
     */
    public static Map<App, Map<String, String>> of(Credentials credentials, Map<String, String> reconcilerOverrides) {
        Map<App, Map<String, String>> environment = new EnumMap<>(App.class);
        environment.put(App.REQUEST_SANDBOX, Map.of("SANDBOX_RATE_LIMIT", "1000000"));
        Map<String, String> reconciler = new LinkedHashMap<>(SHORT_POLLING);
        reconciler.putAll(reconcilerOverrides);
        environment.put(App.RECONCILER, reconciler);
        environment.put(
                App.LINK_SERVICE, Map.of("REQUEST_API_KEY", "", "REQUEST_CLIENT_ID", credentials.requestClientId()));
        return environment;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
