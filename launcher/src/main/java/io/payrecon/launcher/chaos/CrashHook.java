package io.payrecon.launcher.chaos;

import io.payrecon.launcher.App;
import java.util.Map;

/**
 * A crash at an exact point inside an app, which kill -9 from outside hits only by luck: the app is started once
 * with {@code environment}, which makes it halt ({@code Runtime.halt(137)}) at that point, then restarted
 * without it. An app whose jar does not know the variable runs on; after the suite's patience it is killed -9
 * instead and the report says the hook had no effect.
 *
 * @param where the point, for the report
 */
public record CrashHook(App app, Map<String, String> environment, String where) {

    /**
     * The reconciler halts right after the 3rd database commit of a polled batch, before the listener returns and
     * its offsets are committed: the batch is redelivered and must change nothing.
     */
    public static final CrashHook RECONCILER_BETWEEN_COMMITS = new CrashHook(
            App.RECONCILER,
            Map.of("RECONCILER_CHAOS_HALT_AFTER_BATCH_COMMITS", "3"),
            "after the 3rd batch's database commit, before its offset commit");

    /**
     * link-service's outbox relay halts when it has read committed rows for the 3rd time, before it sends them:
     * the events must be published after the restart, in order.
     */
    public static final CrashHook LINK_SERVICE_BEFORE_PUBLISH = new CrashHook(
            App.LINK_SERVICE,
            Map.of("OUTBOX_CHAOS_HALT_BEFORE_PUBLISH", "3"),
            "after the 3rd outbox read of committed rows, before it publishes them");

    public CrashHook {
        environment = Map.copyOf(environment);
    }
}
