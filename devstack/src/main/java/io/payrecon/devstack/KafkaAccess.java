package io.payrecon.devstack;

import io.payrecon.events.Principal;
import io.payrecon.events.Principal.Grant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Makes the broker's users and ACLs the access table ({@link Principal}): a SCRAM-SHA-512 credential per principal
 * and exactly the ACLs of its grants, nothing more (an ACL of a principal that the table no longer has is removed).
 * Safe to run on every start, and done before anyone but the super-user uses the broker.
 */
final class KafkaAccess {

    /** Kafka's default for SCRAM credentials, as {@code kafka-configs.sh} uses it. */
    static final int SCRAM_ITERATIONS = 4096;

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String ANY_HOST = "*";

    private KafkaAccess() {}

    /** The ACLs of the access table, one per grant. */
    static Set<AclBinding> aclsOfTheTable() {
        Set<AclBinding> acls = new HashSet<>();
        for (Principal principal : Principal.values()) {
            for (Grant grant : principal.grants()) {
                acls.add(acl(principal, grant));
            }
        }
        return acls;
    }

    static AclBinding acl(Principal principal, Grant grant) {
        ResourceType type = switch (grant.resource()) {
            case TOPIC -> ResourceType.TOPIC;
            case GROUP -> ResourceType.GROUP;
        };
        PatternType pattern = switch (grant.pattern()) {
            case LITERAL -> PatternType.LITERAL;
            case PREFIXED -> PatternType.PREFIXED;
        };
        AclOperation operation = switch (grant.operation()) {
            case READ -> AclOperation.READ;
            case WRITE -> AclOperation.WRITE;
        };
        return new AclBinding(
                new ResourcePattern(type, grant.name(), pattern),
                new AccessControlEntry(userOf(principal), ANY_HOST, operation, AclPermissionType.ALLOW));
    }

    static String userOf(Principal principal) {
        return "User:" + principal.username();
    }

    /**
     * Upserts each principal's credential, makes the ACLs those of the table, then waits until the broker serves
     * both: a client that logs in right after this returns finds its user and its rights.
     */
    static void apply(Admin admin, KafkaPasswords passwords) {
        Set<AclBinding> wanted = aclsOfTheTable();
        Set<String> ours =
                Arrays.stream(Principal.values()).map(KafkaAccess::userOf).collect(Collectors.toSet());
        Collection<AclBinding> existing =
                get(admin.describeAcls(AclBindingFilter.ANY).values());
        List<AclBindingFilter> stale = existing.stream()
                .filter(acl -> ours.contains(acl.entry().principal()) && !wanted.contains(acl))
                .map(AclBinding::toFilter)
                .toList();
        if (!stale.isEmpty()) {
            get(admin.deleteAcls(stale).all());
        }
        List<AclBinding> missing =
                wanted.stream().filter(acl -> !existing.contains(acl)).toList();
        if (!missing.isEmpty()) {
            get(admin.createAcls(missing).all());
        }
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (Principal principal : Principal.values()) {
            KafkaCredentials credentials = passwords.of(principal);
            users.add(new UserScramCredentialUpsertion(
                    credentials.username(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                    credentials.password()));
        }
        get(admin.alterUserScramCredentials(users).all());
        awaitServed(admin);
    }

    /**
     * The broker applies metadata in log order, so once it describes every user (written after the ACLs) it
     * authorizes with the ACLs too.
     */
    private static void awaitServed(Admin admin) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Set<String> users =
                    new HashSet<>(get(admin.describeUserScramCredentials().users()));
            List<String> missing = Arrays.stream(Principal.values())
                    .map(Principal::username)
                    .filter(user -> !users.contains(user))
                    .toList();
            Set<AclBinding> acls =
                    new HashSet<>(get(admin.describeAcls(AclBindingFilter.ANY).values()));
            if (missing.isEmpty() && acls.containsAll(aclsOfTheTable())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The broker did not serve the users " + missing
                        + " and the ACLs of the access table within " + PATIENCE);
            }
            ChildProcesses.sleep(Duration.ofMillis(50));
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up the broker's users and ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot set up the broker's users and ACLs: " + (e.getCause() != null ? e.getCause() : e), e);
        }
    }
}
