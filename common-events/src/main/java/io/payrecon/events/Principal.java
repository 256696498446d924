package io.payrecon.events;

import static io.payrecon.events.Topics.LINK_EVENTS;
import static io.payrecon.events.Topics.ORDER_PAYMENT_STATUS;
import static io.payrecon.events.Topics.ORDER_PAYMENT_STATUS_LATEST;
import static io.payrecon.events.Topics.PROVIDER_OBSERVATIONS;
import static io.payrecon.events.Topics.WEBHOOKS;
import static io.payrecon.events.Topics.deadLetter;

import java.util.List;

/**
 * The access table of the broker, architecture §2's producer and consumer columns as Kafka principals: "the broker is
 * a trust boundary: every client authenticates, and each principal may do only what its row above says". Each
 * principal is a SCRAM user named {@link #username()} with exactly its {@link #grants()} as ACLs, and nothing else: a
 * record on a topic was written by one of the principals allowed to write it.
 *
 * <p>This is the one statement of who may do what. devstack creates these users and ACLs on every start; the compose
 * {@code topics} job creates them with {@code kafka-acls.sh} ({@code ComposeConfigurationIT} holds its script to this
 * table); docs/operations.md ("Kafka principals") shows the commands. The grants cover every Kafka operation each app
 * performs: its producers (idempotent: {@code WRITE} on a topic is all an idempotent producer needs), its consumers and
 * their group, its dead letters, and what its admin client asks (the health indicators describe the cluster or a topic
 * they write, the reconciler's rebuild describes its group and lists its offsets). {@code READ} and {@code WRITE} imply
 * {@code DESCRIBE} on the same resource.
 *
 * <p>The super-user {@link #SUPER_USER} (the broker itself, devstack, the compose topics job, operators and the test
 * harness) is outside the table.
 */
public enum Principal {

    /** Appends verified webhooks to the archive; its health check describes that topic. Reads nothing. */
    WEBHOOK_GATEWAY("webhook-gateway", Grant.write(WEBHOOKS)),

    /**
     * Publishes link events (outbox) and reads order statuses in its group; its status listener dead-letters what it
     * cannot store.
     */
    LINK_SERVICE(
            "link-service",
            Grant.write(LINK_EVENTS),
            Grant.write(deadLetter(ORDER_PAYMENT_STATUS)),
            Grant.read(ORDER_PAYMENT_STATUS),
            Grant.group("link-service")),

    /**
     * Reads its three inputs and their dead letters (operators replay from them) in groups starting with
     * {@code reconciler} (its listeners' group is {@code reconciler}; rebuild and replay readers have no group);
     * writes the poller's observations, the order statuses (outbox), the latest-status topic and the dead letters of its
     * inputs. Never the link events or the webhooks: those it can only believe because their producers alone write them.
     */
    RECONCILER(
            "reconciler",
            Grant.read(LINK_EVENTS),
            Grant.read(deadLetter(LINK_EVENTS)),
            Grant.read(WEBHOOKS),
            Grant.read(deadLetter(WEBHOOKS)),
            Grant.read(PROVIDER_OBSERVATIONS),
            Grant.read(deadLetter(PROVIDER_OBSERVATIONS)),
            Grant.groupsStartingWith("reconciler"),
            Grant.write(PROVIDER_OBSERVATIONS),
            Grant.write(ORDER_PAYMENT_STATUS),
            Grant.write(ORDER_PAYMENT_STATUS_LATEST),
            Grant.write(deadLetter(LINK_EVENTS)),
            Grant.write(deadLetter(WEBHOOKS)),
            Grant.write(deadLetter(PROVIDER_OBSERVATIONS))),

    /** The merchant's order systems: read the two {@code orders.*} topics in their own groups, write nothing. */
    ORDER_SYSTEM(
            "order-system",
            Grant.read(ORDER_PAYMENT_STATUS),
            Grant.read(ORDER_PAYMENT_STATUS_LATEST),
            Grant.groupsStartingWith("order-system"));

    /** The super-user ({@code super.users=User:admin}): may do anything, and is in no row of the table. */
    public static final String SUPER_USER = "admin";

    /** What a right is on. */
    public enum Resource {
        TOPIC,
        GROUP
    }

    /** The two operations the table grants; each implies {@code DESCRIBE} on its resource. */
    public enum Operation {
        READ,
        WRITE
    }

    /** How a grant's name matches: the one resource of that name, or every resource whose name starts with it. */
    public enum Pattern {
        LITERAL,
        PREFIXED
    }

    /** One allowed operation on one resource (or on every resource with that prefix): one ACL. */
    public record Grant(Operation operation, Resource resource, Pattern pattern, String name) {

        static Grant write(String topic) {
            return new Grant(Operation.WRITE, Resource.TOPIC, Pattern.LITERAL, topic);
        }

        static Grant read(String topic) {
            return new Grant(Operation.READ, Resource.TOPIC, Pattern.LITERAL, topic);
        }

        /** Consuming in the consumer group of this name: joining it, committing and fetching its offsets. */
        static Grant group(String name) {
            return new Grant(Operation.READ, Resource.GROUP, Pattern.LITERAL, name);
        }

        /** Consuming in any consumer group whose name starts with this prefix. */
        static Grant groupsStartingWith(String prefix) {
            return new Grant(Operation.READ, Resource.GROUP, Pattern.PREFIXED, prefix);
        }
    }

    private final String username;
    private final List<Grant> grants;

    Principal(String username, Grant... grants) {
        this.username = username;
        this.grants = List.of(grants);
    }

    /** The SCRAM user name, which the broker sees as {@code User:<username>}. */
    public String username() {
        return username;
    }

    /** Every right of this principal, one ACL each; anything not listed is denied. */
    public List<Grant> grants() {
        return grants;
    }

    /** The topics it may write. */
    public List<String> writes() {
        return topics(Operation.WRITE);
    }

    /** The topics it may read. */
    public List<String> reads() {
        return topics(Operation.READ);
    }

    private List<String> topics(Operation operation) {
        return grants.stream()
                .filter(grant -> grant.resource() == Resource.TOPIC && grant.operation() == operation)
                .map(Grant::name)
                .toList();
    }
}
