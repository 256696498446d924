package io.payrecon.reconciler.intake;

import io.payrecon.reconciler.ReconcilerProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * How the listeners' consumers belong to the consumer group {@code reconciler}, so that an instance that crashed and
 * restarted takes its partitions back within seconds.
 *
 * <p>With {@code reconciler.instance-id} set (env {@code RECONCILER_INSTANCE_ID}), every consumer is a static member
 * (KIP-345): {@code group.instance.id} is {@code <instance-id>-<listener id>}, to which Spring Kafka appends the
 * consumer thread's {@code -<n>} (so {@code reconciler-1-webhooks-0}): unique per listener and per thread, stable
 * across restarts. The restarted consumer takes its old member's place and assignment at once, without a rebalance
 * and without waiting for the old session to time out. Without it, the consumers are dynamic members, and the
 * shorter session timeout of application.yml (10 s instead of 45 s) bounds how long a crashed instance's partitions
 * wait.
 */
@Configuration(proxyBeanMethods = false)
class GroupMembership {

    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> staticMembership(
            ReconcilerProperties properties) {
        String instanceId = properties.instanceId();
        if (instanceId == null) {
            log.info("reconciler.instance-id is not set: the listeners join their consumer group as dynamic members");
            return container -> {};
        }
        return container -> {
            String groupInstanceId = groupInstanceId(instanceId, container.getListenerId());
            container
                    .getContainerProperties()
                    .getKafkaConsumerProperties()
                    .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId);
            log.info(
                    "Listener {} joins its consumer group as static member {}-<thread>",
                    container.getListenerId(),
                    groupInstanceId);
        };
    }

    static String groupInstanceId(String instanceId, String listenerId) {
        return instanceId + "-" + (listenerId == null ? "listener" : listenerId);
    }
}
