package io.payrecon.launcher.chaos;

/** What the crash suite does to the running system. */
public enum Fault {
    KILL_WEBHOOK_GATEWAY("kill -9 the webhook-gateway, restart it"),
    KILL_RECONCILER("kill -9 the reconciler, restart it"),
    KILL_LINK_SERVICE("kill -9 link-service, restart it"),
    KILL_KAFKA("kill -9 the Kafka broker, restart it"),
    PAUSE_POSTGRES("SIGSTOP PostgreSQL, SIGCONT it later"),
    /** Needs {@link CrashHook#RECONCILER_BETWEEN_COMMITS} in the reconciler's jar. */
    HALT_RECONCILER_BETWEEN_COMMITS("the reconciler halts between its database commit and its offset commit"),
    /** Needs {@link CrashHook#LINK_SERVICE_BEFORE_PUBLISH} in link-service's jar. */
    HALT_LINK_SERVICE_BEFORE_PUBLISH("link-service halts between its outbox insert and the publish");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
