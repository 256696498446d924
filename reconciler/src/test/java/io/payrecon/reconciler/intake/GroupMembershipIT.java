package io.payrecon.reconciler.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.reconciler.ReconcilerProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * The listeners' consumers as static members of their group, against the real broker: one name per listener and per
 * consumer thread, so the reconciler's three listeners never fence each other, and a restarted consumer takes its
 * place back at once.
 */
class GroupMembershipIT {

    private static final Duration FAST = Duration.ofSeconds(15);

    private final DevStack stack = DevStack.shared();
    private final String group = "membership-test-" + UUID.randomUUID();
    private final List<ConcurrentMessageListenerContainer<Object, Object>> containers = new ArrayList<>();

    @AfterEach
    void stopContainers() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
    }

    @Test
    void withoutAnInstanceIdTheConsumersAreDynamicMembers() {
        ConcurrentMessageListenerContainer<Object, Object> container =
                container("webhooks", "topic-" + UUID.randomUUID());

        membership(null).configure(container);

        assertThat(container.getContainerProperties().getKafkaConsumerProperties())
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void everyListenerIsItsOwnStaticMemberAndARestartedOneGetsItsPartitionsBackAtOnce() throws Exception {
        String webhooks = "membership-webhooks-" + UUID.randomUUID();
        String links = "membership-links-" + UUID.randomUUID();
        stack.ensureTopics(List.of(webhooks, links));
        ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> membership =
                membership("reconciler-7");

        ConcurrentMessageListenerContainer<Object, Object> first = start(membership, "webhooks", webhooks);
        start(membership, "link-events", links);

        try (Admin admin = Admin.create(stack.adminClientProperties())) {
            await().atMost(FAST)
                    .untilAsserted(() -> assertThat(instanceIds(admin))
                            .containsExactlyInAnyOrder("reconciler-7-webhooks-0", "reconciler-7-link-events-0"));

            // as after a crash: the consumer is gone and comes back under the same name, well within the session
            first.stop();
            ConcurrentMessageListenerContainer<Object, Object> restarted = start(membership, "webhooks", webhooks);

            await().atMost(FAST).until(() -> !restarted.getAssignedPartitions().isEmpty());
            await().atMost(FAST)
                    .untilAsserted(() -> assertThat(instanceIds(admin))
                            .containsExactlyInAnyOrder("reconciler-7-webhooks-0", "reconciler-7-link-events-0"));
        }
    }

    private List<String> instanceIds(Admin admin) throws Exception {
        ConsumerGroupDescription description =
                admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return description.members().stream()
                .map(MemberDescription::groupInstanceId)
                .map(id -> id.orElse("(dynamic)"))
                .toList();
    }

    private ConcurrentMessageListenerContainer<Object, Object> start(
            ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> membership,
            String listenerId,
            String topic) {
        ConcurrentMessageListenerContainer<Object, Object> container = container(listenerId, topic);
        membership.configure(container);
        container.start();
        containers.add(container);
        await().atMost(FAST).until(() -> !container.getAssignedPartitions().isEmpty());
        return container;
    }

    private ConcurrentMessageListenerContainer<Object, Object> container(String listenerId, String topic) {
        // Topics and a group of this test's own, outside the access table: as devstack's super-user.
        Map<String, Object> config = new HashMap<>(stack.adminClientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // longer than the test's patience: a restarted dynamic member would have to wait for the old session
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000);
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setMessageListener((MessageListener<Object, Object>) record -> {});
        ConcurrentMessageListenerContainer<Object, Object> container =
                new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), properties);
        container.setBeanName(listenerId);
        return container;
    }

    private static ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> membership(
            String instanceId) {
        return new GroupMembership()
                .staticMembership(new ReconcilerProperties(
                        List.of("api-key"),
                        List.of("alice:operator:" + "0".repeat(64)),
                        null,
                        List.of("webhook-secret"),
                        Duration.ofHours(1),
                        null,
                        new ReconcilerProperties.Polling(
                                false,
                                List.of(Duration.ofMinutes(1)),
                                Duration.ofHours(1),
                                Duration.ofDays(1),
                                Duration.ofDays(1),
                                Duration.ofDays(1),
                                5,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(2)),
                        instanceId,
                        new ReconcilerProperties.Chaos(0),
                        null,
                        null,
                        null));
    }
}
