package io.payrecon.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The broker is a trust boundary (architecture §2): nobody gets in without a login, a wrong password is refused, and
 * each principal of the access table may write, read and consume in exactly what its row says, on the real broker.
 */
class BrokerAccessIT {

    private static final DevStack stack = DevStack.shared();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** Every topic there is: the event topics, the latest-status topic among them, and the dead-letter topics. */
    private static final List<String> TOPICS = Topics.ALL;

    @BeforeAll
    static void everyTopicHoldsARecord() throws Exception {
        stack.ensureTopics(TOPICS);
        try (var producer = producer(stack.adminClientProperties())) {
            for (String topic : TOPICS) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "written by admin"))
                        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aClientWithoutALoginCannotReadWriteOrAskAnything() throws Exception {
        Map<String, Object> anonymous =
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        long before = endOffset(Topics.WEBHOOKS);

        Map<String, Object> impatient = new HashMap<>(withTimeouts(anonymous));
        impatient.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        impatient.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(impatient)) {
            assertThat(failure(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)))
                    .as("an anonymous admin client listing topics")
                    .isPresent();
        }
        assertThat(write(anonymous, Topics.WEBHOOKS))
                .as("an anonymous producer")
                .isPresent();
        assertThat(readAssigned(anonymous, Topics.ORDER_PAYMENT_STATUS, Duration.ofSeconds(3)))
                .as("an anonymous reader")
                .isPresent();
        assertThat(endOffset(Topics.WEBHOOKS))
                .as("records on the webhooks topic")
                .isEqualTo(before);
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefused() {
        for (KafkaCredentials wrong : List.of(
                new KafkaCredentials(Principal.WEBHOOK_GATEWAY.username(), "not-its-password"),
                new KafkaCredentials(Principal.SUPER_USER, "not-its-password"),
                new KafkaCredentials(
                        "mallory", stack.credentials(Principal.WEBHOOK_GATEWAY).password()))) {
            Map<String, Object> client = wrong.clientProperties(stack.kafkaBootstrapServers());
            try (Admin admin = Admin.create(withTimeouts(client))) {
                assertThat(failure(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)))
                        .as("%s listing topics", wrong)
                        .containsInstanceOf(SaslAuthenticationException.class);
            }
            assertThat(write(client, Topics.WEBHOOKS))
                    .as("%s writing webhooks", wrong)
                    .containsInstanceOf(SaslAuthenticationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Principal.class)
    void eachPrincipalWritesExactlyTheTopicsOfItsRow(Principal principal) {
        Map<String, Object> client = stack.clientProperties(principal);
        List<String> written = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String topic : TOPICS) {
            Optional<Throwable> failure = write(client, topic);
            failure.filter(e -> !(e instanceof AuthorizationException)).ifPresent(unexpected -> {
                throw new AssertionError(principal + " writing " + topic + " failed otherwise", unexpected);
            });
            (failure.isEmpty() ? written : refused).add(topic);
        }

        assertThat(written)
                .as("topics %s could write (refused: %s)", principal, refused)
                .containsExactlyInAnyOrderElementsOf(principal.writes());
    }

    @Test
    void theAppsCannotWriteEachOthersTopics() {
        assertThat(write(stack.clientProperties(Principal.WEBHOOK_GATEWAY), Topics.LINK_EVENTS))
                .containsInstanceOf(TopicAuthorizationException.class);
        assertThat(write(stack.clientProperties(Principal.LINK_SERVICE), Topics.WEBHOOKS))
                .containsInstanceOf(TopicAuthorizationException.class);
        assertThat(write(stack.clientProperties(Principal.RECONCILER), Topics.LINK_EVENTS))
                .containsInstanceOf(TopicAuthorizationException.class);
        assertThat(write(stack.clientProperties(Principal.RECONCILER), Topics.WEBHOOKS))
                .containsInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void anOrderSystemWritesNothing() {
        for (String topic : TOPICS) {
            // Where it may read (describe) the topic, its idempotent producer is refused an id: no WRITE anywhere.
            assertThat(write(stack.clientProperties(Principal.ORDER_SYSTEM), topic))
                    .as("the order system writing %s", topic)
                    .containsInstanceOf(AuthorizationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Principal.class)
    void eachPrincipalReadsExactlyTheTopicsOfItsRow(Principal principal) {
        Map<String, Object> client = stack.clientProperties(principal);
        List<String> read = new ArrayList<>();
        for (String topic : TOPICS) {
            Optional<Throwable> failure = readAssigned(client, topic, PATIENCE);
            failure.filter(e -> !(e instanceof TopicAuthorizationException)).ifPresent(unexpected -> {
                throw new AssertionError(principal + " reading " + topic + " failed otherwise", unexpected);
            });
            if (failure.isEmpty()) {
                read.add(topic);
            }
        }

        assertThat(read).as("topics %s could read", principal).containsExactlyInAnyOrderElementsOf(principal.reads());
    }

    @Test
    void anOrderSystemReadsTheStatusTopicInItsOwnGroupsOnly() {
        Map<String, Object> orderSystem = stack.clientProperties(Principal.ORDER_SYSTEM);

        assertThat(readInGroup(orderSystem, Topics.ORDER_PAYMENT_STATUS, "order-system-billing"))
                .as("reading and committing in group order-system-billing")
                .isEmpty();
        assertThat(readInGroup(orderSystem, Topics.ORDER_PAYMENT_STATUS, "link-service"))
                .containsInstanceOf(GroupAuthorizationException.class);
        assertThat(readInGroup(orderSystem, Topics.WEBHOOKS, "order-system-billing"))
                .containsInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theAppsConsumeInTheirOwnGroups() {
        Map<String, Object> linkService = stack.clientProperties(Principal.LINK_SERVICE);
        Map<String, Object> reconciler = stack.clientProperties(Principal.RECONCILER);

        assertThat(readInGroup(linkService, Topics.ORDER_PAYMENT_STATUS, "link-service"))
                .isEmpty();
        assertThat(readInGroup(linkService, Topics.ORDER_PAYMENT_STATUS, "link-service-2"))
                .containsInstanceOf(GroupAuthorizationException.class);
        assertThat(readInGroup(reconciler, Topics.WEBHOOKS, "reconciler")).isEmpty();
        assertThat(readInGroup(reconciler, Topics.deadLetter(Topics.WEBHOOKS), "reconciler-dlt-replay"))
                .isEmpty();
        assertThat(readInGroup(reconciler, Topics.WEBHOOKS, "order-system"))
                .containsInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void theAppsAdminClientsAskWhatTheirHealthAndRebuildNeed() throws Exception {
        // Every app's broker health describes the cluster; the gateway's describes the topic it writes.
        for (Principal principal : Principal.values()) {
            try (Admin admin = Admin.create(withTimeouts(stack.clientProperties(principal)))) {
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                        .as("%s describing the cluster", principal)
                        .isNotEmpty();
            }
        }
        try (Admin gateway = Admin.create(withTimeouts(stack.clientProperties(Principal.WEBHOOK_GATEWAY)))) {
            assertThat(gateway.describeTopics(List.of(Topics.WEBHOOKS))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS))
                    .containsKey(Topics.WEBHOOKS);
        }
        // The rebuild describes the reconciler's group and lists its committed offsets.
        assertThat(readInGroup(stack.clientProperties(Principal.RECONCILER), Topics.LINK_EVENTS, "reconciler"))
                .isEmpty();
        try (Admin reconciler = Admin.create(withTimeouts(stack.clientProperties(Principal.RECONCILER)))) {
            assertThat(reconciler
                            .describeConsumerGroups(List.of("reconciler"))
                            .describedGroups()
                            .get("reconciler")
                            .get(10, TimeUnit.SECONDS)
                            .groupId())
                    .isEqualTo("reconciler");
            assertThat(reconciler
                            .listConsumerGroupOffsets("reconciler")
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS))
                    .containsKey(new TopicPartition(Topics.LINK_EVENTS, 0));
        }
    }

    @Test
    void theBrokersAclsAreThoseOfTheTableAndAnyOtherOfAPrincipalIsRemovedOnStart() throws Exception {
        AclBinding extra = new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, Topics.WEBHOOKS, PatternType.LITERAL),
                new AccessControlEntry("User:order-system", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(stack.adminClientProperties())) {
            assertThat(acls(admin)).isEqualTo(KafkaAccess.aclsOfTheTable());

            admin.createAcls(List.of(extra)).all().get(10, TimeUnit.SECONDS);
            KafkaAccess.apply(admin, KafkaPasswords.in(stack.kafka().dataDirectory()));

            assertThat(acls(admin)).isEqualTo(KafkaAccess.aclsOfTheTable());
        }
    }

    private static Set<AclBinding> acls(Admin admin) throws Exception {
        return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS));
    }

    /** Why an idempotent producer with {@code acks=all} could not append one record, or empty when it could. */
    private static Optional<Throwable> write(Map<String, Object> client, String topic) {
        try (var producer = producer(client)) {
            return failure(() ->
                    producer.send(new ProducerRecord<>(topic, "k", "v")).get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A refusal arrives at once; the time is for a loaded 2-core machine, where a short one ends in a timeout
        // before the broker's answer (seen once in CI-like runs with 5 s).
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Why a consumer without a group could not read partition 0 from its start, or empty when it read a record. */
    private static Optional<Throwable> readAssigned(Map<String, Object> client, String topic, Duration patience) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return failure(() -> {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                return pollOne(consumer, patience);
            });
        }
    }

    /** Why a consumer of this group could not read a record of the topic and commit it, or empty when it could. */
    private static Optional<Throwable> readInGroup(Map<String, Object> client, String topic, String group) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            return failure(() -> {
                consumer.subscribe(List.of(topic));
                ConsumerRecords<String, String> records = pollOne(consumer, PATIENCE);
                consumer.commitSync(Duration.ofSeconds(10));
                return records;
            });
        }
    }

    private static ConsumerRecords<String, String> pollOne(KafkaConsumer<String, String> consumer, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                return records;
            }
        }
        throw new IllegalStateException("no record and no error within " + patience);
    }

    private static long endOffset(String topic) throws Exception {
        try (Admin admin = Admin.create(stack.adminClientProperties())) {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (int partition = 0; partition < 3; partition++) {
                partitions.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            return admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    private static Map<String, Object> withTimeouts(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        return config;
    }

    private interface Call {
        Object run() throws Exception;
    }

    /**
     * The failure of a call, unwrapped from the future or consumer that carried it; empty when it succeeded. A refusal
     * is found anywhere in the chain: a producer refused its id may report it wrapped in a plain
     * {@code KafkaException} ("the producer is in a fatal state") rather than as the future's own cause.
     */
    private static Optional<Throwable> failure(Call call) {
        try {
            call.run();
            return Optional.empty();
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            Throwable failure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof AuthorizationException) {
                    return Optional.of(cause);
                }
            }
            return Optional.of(failure);
        }
    }
}
