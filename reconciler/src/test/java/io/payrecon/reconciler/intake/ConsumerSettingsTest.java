package io.payrecon.reconciler.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The consumers' fetch settings as application.yml ships them, through Boot's binding: the batch size must follow the
 * backlog (docs/performance.md, issue 21), which no per-batch setting can do once a consumer is created.
 */
class ConsumerSettingsTest {

    private final KafkaProperties kafka = shipped();
    private final Map<String, Object> consumer = kafka.buildConsumerProperties();

    @Test
    void aCaughtUpWebhooksConsumerWaitsAtMostTwentyMillisecondsForItsBatchToFill() {
        // 100 ms made every live webhook wait up to that long; 1 byte made batches of a record or two, each its own
        // transaction, and cost more CPU per webhook than the wait saved (docs/performance.md). The listeners of link
        // events and observations override these (LowVolumeFetch, IdleConsumersIT).
        assertThat(consumer).containsEntry("fetch.max.wait.ms", "20");
        assertThat(consumer).containsEntry("fetch.min.bytes", "65536");
    }

    @Test
    void aConsumerThatIsBehindGetsAThousandRecordsForEachOfTheIntakesLanes() {
        // one consumer per listener reads all of the instance's partitions; a large batch is split over three lanes
        assertThat(kafka.getListener().getConcurrency()).isEqualTo(1);
        assertThat(consumer).containsEntry("max.poll.records", 3000);
        // a full fetch of one partition holds a thousand webhooks (a few hundred bytes to a few KB each)
        assertThat(Integer.parseInt((String) consumer.get("max.partition.fetch.bytes")))
                .isGreaterThanOrEqualTo(1000 * 4096);
    }

    @Test
    void offsetsAreCommittedByTheContainerAfterTheBatchNeverByTheClient() {
        assertThat(consumer).containsEntry("enable.auto.commit", false);
    }

    private static KafkaProperties shipped() {
        StandardEnvironment environment = new StandardEnvironment();
        try {
            new YamlPropertySourceLoader()
                    .load("application.yml", new ClassPathResource("application.yml"))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("spring.kafka", KafkaProperties.class);
    }
}
