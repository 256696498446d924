package io.payrecon.reconciler.admin.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The live listeners, as the rebuild needs them: held still at a cut, a point of the log where the live state is
 * exactly what the consumer group committed. Their containers are paused (a paused container finishes its batch and
 * commits its offsets, then polls nothing); the group's committed offsets are then where the live state stands.
 * Only this instance's listeners can be paused, so a cut is refused while other instances consume the group.
 */
@Component
class LiveListeners {

    private static final Logger log = LoggerFactory.getLogger(LiveListeners.class);

    /** The ids of the reconciler's listener containers (intake package). */
    static final List<String> IDS = List.of("link-events", "webhooks", "provider-observations");

    static final Duration CATCH_UP = Duration.ofSeconds(60);
    static final Duration PAUSE = Duration.ofSeconds(30);
    private static final Duration CHECK = Duration.ofMillis(100);

    private final KafkaListenerEndpointRegistry registry;
    private final KafkaAdmin kafkaAdmin;
    private final String groupId;

    LiveListeners(KafkaListenerEndpointRegistry registry, KafkaAdmin kafkaAdmin, ConsumerFactory<?, ?> consumers) {
        this.registry = registry;
        this.kafkaAdmin = kafkaAdmin;
        this.groupId = String.valueOf(consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG));
    }

    /** Why no cut could be made; the listeners run on as before. */
    static final class CutRefused extends Exception {
        CutRefused(String message) {
            super(message);
        }
    }

    /**
     * Waits until the group committed at least {@code atLeast} on every partition (the live listeners got as far as
     * the rebuild), pauses the listeners and answers the group's committed offsets. When it answers, the caller must
     * {@link #resume()} whatever happens next; when it throws, the listeners run as before.
     */
    Map<TopicPartition, Long> pauseAtOrAfter(Map<TopicPartition, Long> atLeast) throws CutRefused {
        List<MessageListenerContainer> containers = containers();
        if (containers.stream().anyMatch(MessageListenerContainer::isPauseRequested)) {
            throw new CutRefused("the live listeners are paused already, by something else: resume them first");
        }
        boolean paused = false;
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            if (!await(
                    CATCH_UP,
                    () -> behind(committed(admin, atLeast.keySet()), atLeast).isEmpty())) {
                throw new CutRefused("the live listeners did not reach the rebuild's snapshot within " + CATCH_UP
                        + " (behind on " + behind(committed(admin, atLeast.keySet()), atLeast)
                        + "): is the reconciler consuming?");
            }
            paused = true;
            containers.forEach(MessageListenerContainer::pause);
            if (!await(PAUSE, () -> containers.stream().allMatch(MessageListenerContainer::isContainerPaused))) {
                throw new CutRefused("the live listeners did not pause within " + PAUSE);
            }
            Set<String> others = othersInGroup(admin, containers);
            if (!others.isEmpty()) {
                throw new CutRefused("other consumers share the group " + groupId + " (" + others
                        + "): run the rebuild with one reconciler instance");
            }
            Map<TopicPartition, Long> committed = committed(admin, atLeast.keySet());
            Map<TopicPartition, Long> behind = behind(committed, atLeast);
            if (!behind.isEmpty()) {
                throw new CutRefused("the group's offsets went back behind the rebuild's snapshot on " + behind);
            }
            log.info("Live listeners {} paused at {}", IDS, committed);
            return committed;
        } catch (CutRefused | RuntimeException e) {
            if (paused) {
                resume();
            }
            throw e;
        }
    }

    void resume() {
        for (String id : IDS) {
            MessageListenerContainer container = registry.getListenerContainer(id);
            if (container != null && container.isPauseRequested()) {
                container.resume();
            }
        }
        log.info("Live listeners {} resumed", IDS);
    }

    private List<MessageListenerContainer> containers() throws CutRefused {
        List<MessageListenerContainer> containers =
                IDS.stream().map(registry::getListenerContainer).toList();
        if (containers.stream().anyMatch(container -> container == null || !container.isRunning())) {
            throw new CutRefused("the live listeners " + IDS + " are not all running");
        }
        return containers;
    }

    private Set<String> othersInGroup(Admin admin, List<MessageListenerContainer> containers) {
        Set<String> ours = new HashSet<>();
        containers.forEach(
                container -> ours.addAll(container.getAssignmentsByClientId().keySet()));
        ConsumerGroupDescription group = get(
                admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId));
        Set<String> others = new HashSet<>();
        for (MemberDescription member : group.members()) {
            if (!ours.contains(member.clientId())) {
                others.add(member.clientId() + "@" + member.host());
            }
        }
        return others;
    }

    private Map<TopicPartition, Long> committed(Admin admin, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = offsets.get(partition);
            committed.put(partition, offset == null ? 0L : offset.offset());
        }
        return committed;
    }

    private static Map<TopicPartition, Long> behind(
            Map<TopicPartition, Long> committed, Map<TopicPartition, Long> atLeast) {
        Map<TopicPartition, Long> behind = new HashMap<>();
        atLeast.forEach((partition, offset) -> {
            if (committed.getOrDefault(partition, 0L) < offset) {
                behind.put(partition, committed.getOrDefault(partition, 0L));
            }
        });
        return behind;
    }

    private static boolean await(Duration patience, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(CHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The broker did not answer about group offsets: " + e.getMessage(), e);
        }
    }
}
