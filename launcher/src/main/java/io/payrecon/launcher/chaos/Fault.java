package io.payrecon.launcher.chaos;

/** What the crash suite does to the running system. */
public enum Fault {
    KILL_WEBHOOK_GATEWAY("kill -9 the webhook-gateway, restart it"),
    KILL_RECONCILER("kill -9 the reconciler, restart it"),
    KILL_LINK_SERVICE("kill -9 link-service, restart it"),
    /** With two or more instances: the others serve through the load balancer meanwhile. */
    KILL_ONE_WEBHOOK_GATEWAY("kill -9 one webhook-gateway instance, restart it later"),
    /** With two or more instances: the others take over its partitions. */
    KILL_ONE_RECONCILER("kill -9 one reconciler instance, restart it after the take-over"),
    /** With two or more instances: the others take over its partitions and its API calls. */
    KILL_ONE_LINK_SERVICE("kill -9 one link-service instance, restart it after the take-over"),
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

    /** The fault for a system with more than one instance of the app this one kills: one instance only. */
    Fault oneInstance() {
        return switch (this) {
            case KILL_WEBHOOK_GATEWAY -> KILL_ONE_WEBHOOK_GATEWAY;
            case KILL_RECONCILER -> KILL_ONE_RECONCILER;
            case KILL_LINK_SERVICE -> KILL_ONE_LINK_SERVICE;
            default -> this;
        };
    }
}
