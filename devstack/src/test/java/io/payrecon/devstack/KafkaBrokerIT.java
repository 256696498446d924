package io.payrecon.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker of its own: its logins survive restarts, and a data directory from before authentication is recreated. */
class KafkaBrokerIT {

    @Test
    void loginsAreKeptAcrossRestartsAndADataDirectoryFromBeforeAuthenticationIsRecreated(@TempDir Path dir)
            throws Exception {
        KafkaBroker broker =
                new KafkaBroker(dir.resolve("kafka"), ChildProcesses.freePort(), ChildProcesses.freePort(), "256m");
        try {
            broker.start();
            KafkaCredentials gateway = broker.credentials(Principal.WEBHOOK_GATEWAY);
            createTopics(broker, Topics.WEBHOOKS, "kept.until.recreated");
            append(broker, gateway, Topics.WEBHOOKS);

            assertThat(Files.getPosixFilePermissions(dir.resolve("kafka").resolve(KafkaPasswords.FILE)))
                    .as("the passwords' file")
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(dir.resolve("kafka").resolve("server.properties")))
                    .as("the broker's configuration, which holds the super-user's password")
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));

            broker.stop();
            broker.start();

            assertThat(broker.credentials(Principal.WEBHOOK_GATEWAY)).isEqualTo(gateway);
            append(broker, gateway, Topics.WEBHOOKS);
            assertThat(topics(broker)).contains("kept.until.recreated");

            // A directory formatted before the broker required a login has a log but no credentials.
            broker.stop();
            Files.delete(dir.resolve("kafka").resolve(KafkaPasswords.FILE));
            broker.start();

            assertThat(topics(broker)).doesNotContain("kept.until.recreated", Topics.WEBHOOKS);
            createTopics(broker, Topics.WEBHOOKS);
            append(broker, broker.credentials(Principal.WEBHOOK_GATEWAY), Topics.WEBHOOKS);
            assertThat(broker.credentials(Principal.WEBHOOK_GATEWAY).password()).isNotEqualTo(gateway.password());
            String log = Files.readString(broker.logFile());
            assertThat(log)
                    .as("the broker's log")
                    .contains("SCRAM")
                    .doesNotContain(broker.superUser().password());
            for (Principal principal : Principal.values()) {
                assertThat(log).doesNotContain(broker.credentials(principal).password());
            }
        } finally {
            broker.stop();
        }
    }

    private static void createTopics(KafkaBroker broker, String... names) throws Exception {
        try (Admin admin = Admin.create(broker.superUser().clientProperties(broker.bootstrapServers()))) {
            admin.createTopics(List.of(names).stream()
                            .map(name -> new NewTopic(name, 1, (short) 1))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static Set<String> topics(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(broker.superUser().clientProperties(broker.bootstrapServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static void append(KafkaBroker broker, KafkaCredentials login, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(login.clientProperties(broker.bootstrapServers()));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
        }
    }
}
