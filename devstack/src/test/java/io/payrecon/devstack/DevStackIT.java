package io.payrecon.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DevStackIT {

    private final DevStack stack = DevStack.shared();

    @Test
    void brokerKeepsRecordsAcrossARestart() throws Exception {
        stack.ensureTopics(List.of("devstack.test"));
        send("devstack.test", "k1", "before restart");

        stack.kafka().stop();
        assertThat(stack.kafka().isRunning()).isFalse();
        stack.kafka().start();

        send("devstack.test", "k2", "after restart");
        assertThat(readAll("devstack.test", 2)).containsExactlyInAnyOrder("before restart", "after restart");
    }

    @Test
    void ensureTopicsIsIdempotent() throws Exception {
        stack.ensureTopics(List.of("devstack.twice"));
        stack.ensureTopics(List.of("devstack.twice", "devstack.twice"));

        try (Admin admin = Admin.create(stack.adminClientProperties())) {
            TopicDescription topic = admin.describeTopics(List.of("devstack.twice"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("devstack.twice");
            assertThat(topic.partitions()).hasSize(3);
        }
    }

    @Test
    void theLatestStatusTopicIsCreatedCompactedAndOneCreatedBeforeWithoutItGetsItOnTheNextEnsure() throws Exception {
        String latest = Topics.ORDER_PAYMENT_STATUS_LATEST;
        stack.ensureTopics(Topics.ALL);

        try (Admin admin = Admin.create(stack.adminClientProperties())) {
            assertThat(config(admin, latest, "cleanup.policy")).isEqualTo("compact");
            assertThat(config(admin, latest, "retention.ms")).isEqualTo("-1");
            assertThat(config(admin, Topics.ORDER_PAYMENT_STATUS, "cleanup.policy"))
                    .isEqualTo("delete");

            // as a topic created by an older devstack, before the catalogue gave it its configs
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, latest);
            admin.incrementalAlterConfigs(Map.of(
                            resource,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            // the broker applies a config change a moment after it answered
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThat(config(admin, latest, "cleanup.policy")).isEqualTo("delete"));

            stack.ensureTopics(List.of(latest));

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThat(config(admin, latest, "cleanup.policy")).isEqualTo("compact"));
        }
    }

    @Test
    void databaseAcceptsConnectionsAndWritesSurviveAPause() throws Exception {
        try (Connection connection = connect()) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS probe (id int primary key)");
            connection.createStatement().execute("INSERT INTO probe VALUES (1) ON CONFLICT DO NOTHING");
        }

        stack.postgres().pause();
        CompletableFuture<Integer> query = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = connect();
                    ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM probe")) {
                rows.next();
                return rows.getInt(1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The query must be hanging while the server is frozen, not failing.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !query.isDone());
        stack.postgres().resume();

        assertThat(query.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void springPropertiesPointAtTheStackAndLogInAsThePrincipal() {
        KafkaCredentials gateway = stack.credentials(Principal.WEBHOOK_GATEWAY);

        assertThat(stack.springProperties(Principal.WEBHOOK_GATEWAY))
                .containsEntry("spring.kafka.bootstrap-servers", stack.kafkaBootstrapServers())
                .containsEntry("spring.kafka.security.protocol", "SASL_PLAINTEXT")
                .containsEntry("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "spring.kafka.properties.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"webhook-gateway\""
                                + " password=\"" + gateway.password() + "\";")
                .containsEntry("spring.datasource.url", stack.jdbcUrl());
        assertThat(gateway.toString()).doesNotContain(gateway.password());
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
    }

    private static String config(Admin admin, String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource)
                .get(name)
                .value();
    }

    private void send(String topic, String key, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(stack.adminClientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private List<String> readAll(String topic, int expected) {
        Properties config = new Properties();
        config.putAll(stack.adminClientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-test-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            var values = new java.util.ArrayList<String>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }
}
