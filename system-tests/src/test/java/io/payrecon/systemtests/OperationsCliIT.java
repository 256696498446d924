package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' client as an operator runs it, {@code ./pipeline ops ...} in its own process, against the running
 * system: an order's story, a dead letter fixed and retried, a downstream system that lost its data and gets every
 * order's events again, a replay dry run, and the audit log of all of it, naming the operator whose key was used; and a
 * read-only operator who may look but not change.
 */
class OperationsCliIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalSystem system;
    private static Merchant merchant;
    private static Path pipelineHome;

    @BeforeAll
    static void startTheSystem() throws IOException {
        system = TestSystems.start();
        merchant = new Merchant(system);
        pipelineHome = Files.createTempDirectory("ops-cli-home-");
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void whyIsThisOrderNotPaidIsAnsweredByItsStory() {
        String orderId = "ops-story-" + UUID.randomUUID();
        pay(orderId, "40.00");

        Ops story = ops("orders", "show", orderId);
        Ops json = ops("orders", "show", orderId, "--json");

        assertThat(story.exit()).as(story.output()).isZero();
        assertThat(story.output())
                .startsWith("Order " + orderId + ": PAID")
                .contains("payment-link.created", "payment.confirmed", "APPLIED")
                .contains("order.payment-status-changed sequence 1");
        List<String> kinds = json.json()
                .get("entries")
                .valueStream()
                .map(entry -> entry.get("kind").asString())
                .toList();
        assertThat(kinds).contains("link", "delivery", "status-event");
    }

    @Test
    void deadLetterIsFixedAtItsSourceThenRetriedAndApplied() {
        String orderId = "ops-dlt-" + UUID.randomUUID();
        PaymentLinkCreated created = LinkEvents.created(orderId);
        PaymentLinkRenewed renewed = LinkEvents.renewal(created);
        // The order's creation went missing; its renewal cannot be applied and is dead-lettered with the reason.
        LinkEvents.append(system, orderId, renewed);
        JsonNode deadLetter =
                await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOf(orderId), letter -> letter != null);
        assertThat(deadLetter.get("reason").asString()).contains("no payment-link.created");
        String id = deadLetter.get("id").asString();
        assertThat(ops("dlt", "list").output()).contains(id, "PENDING", Topics.LINK_EVENTS);
        assertThat(ops("dlt", "show", id).output()).contains(orderId);

        LinkEvents.append(system, orderId, created); // the fix: the missing creation is sent again
        await().atMost(Duration.ofSeconds(30)).until(() -> order(orderId) != null);
        Ops retried = ops("dlt", "retry", id);
        Ops again = ops("dlt", "retry", id);

        assertThat(retried.exit()).as(retried.output()).isZero();
        assertThat(again.exit()).as("retrying twice is nothing to do").isZero();
        assertThat(again.output()).startsWith("Nothing done");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                order(orderId).get("requestIds").valueStream().map(JsonNode::asString))
                        .containsAll(renewed.requestIds()));
        assertThat(deadLetterOf(orderId).get("state").asString()).isEqualTo("RETRIED");
    }

    @Test
    void downstreamSystemThatLostItsDataGetsEveryOrdersEventsAgainInSequence() {
        Instant since = Instant.now().minusSeconds(1);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String orderId = "ops-downstream-" + UUID.randomUUID();
            pay(orderId, "1" + i + ".00");
            orderIds.add(orderId);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> orderIds.stream()
                        .allMatch(orderId -> !statusEventsOf(orderId, false).isEmpty()));

        try (var downstream = downstreamConsumerAtTheEnd()) {
            Ops republished = ops("republish", "--since", since.toString(), "--every", "200ms");
            assertThat(republished.exit()).as(republished.output()).isZero();
            assertThat(republished.output())
                    .containsPattern("Job \\d+ \\(republish\\) started")
                    .contains("orders re-emitted (republished: true)");

            Map<String, List<OrderPaymentStatusChanged>> received = new LinkedHashMap<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                downstream
                        .poll(Duration.ofMillis(200))
                        .forEach(record -> received.computeIfAbsent(record.key(), key -> new ArrayList<>())
                                .add((OrderPaymentStatusChanged)
                                        EventCodec.read(record.value(), OrderStatusEvent.class)));
                assertThat(received.keySet()).containsAll(orderIds);
            });
            for (String orderId : orderIds) {
                List<OrderPaymentStatusChanged> original = statusEventsOf(orderId, false);
                assertThat(received.get(orderId))
                        .as(orderId)
                        .allMatch(OrderPaymentStatusChanged::republished)
                        .extracting(OrderPaymentStatusChanged::sequence)
                        .containsExactlyElementsOf(original.stream()
                                .map(OrderPaymentStatusChanged::sequence)
                                .toList());
                assertThat(received.get(orderId)
                                .get(received.get(orderId).size() - 1)
                                .status())
                        .isEqualTo(original.get(original.size() - 1).status());
            }
        }
    }

    @Test
    void replayDryRunChangesNothingAndEveryOperationIsAudited() {
        String orderId = "ops-replay-" + UUID.randomUUID();
        pay(orderId, "7.00");
        JsonNode before = order(orderId);

        Ops dryRun = ops("replay", "--from", "10m", "--order", orderId, "--dry-run", "--every", "200ms");

        assertThat(dryRun.exit()).as(dryRun.output()).isZero();
        assertThat(dryRun.output())
                .containsPattern("Job \\d+ \\(replay\\) started")
                .contains("Dry run (nothing changed)");
        assertThat(order(orderId)).isEqualTo(before);

        Ops detached = ops("replay", "--from", "10m", "--order", orderId, "--dry-run", "--detach");
        assertThat(detached.exit()).as(detached.output()).isZero();
        java.util.regex.Matcher queued = java.util.regex.Pattern.compile("Job (\\d+) \\(replay\\) queued")
                .matcher(detached.output());
        assertThat(queued.find()).as(detached.output()).isTrue();
        String id = queued.group(1);
        Ops followed = ops("jobs", "follow", id, "--every", "200ms");
        assertThat(followed.exit()).as(followed.output()).isZero();
        assertThat(followed.output()).contains("Dry run (nothing changed)");
        assertThat(ops("jobs", "show", id).output()).contains("State:", "succeeded", orderId);
        assertThat(ops("jobs", "list", "--kind", "replay").output()).contains(id, "replay (dry run)", "succeeded");
        Ops resumed = ops("jobs", "resume", id);
        assertThat(resumed.exit())
                .as("a succeeded job is not resumed: nothing to do")
                .isZero();
        assertThat(resumed.output()).contains("Nothing done", "only an interrupted, failed or cancelled job");
        Ops audit = ops("audit", "list", "--by", system.credentials().adminUser(), "--json");
        assertThat(audit.json().valueStream().map(entry -> entry.toString()))
                .anySatisfy(entry -> assertThat(entry).contains("replay", orderId, "finishedAt"));
    }

    @Test
    void readOnlyOperatorSeesTheStoryButCannotChangeItAndTheRefusalIsAudited() {
        String orderId = "ops-read-only-" + UUID.randomUUID();
        pay(orderId, "3.00");
        String readOnlyKey = system.credentials().readOnlyAdminKey();

        Ops story = opsWithKey(readOnlyKey, "orders", "show", orderId);
        Ops republish = opsWithKey(readOnlyKey, "republish", "--order", orderId);

        assertThat(story.exit()).as(story.output()).isZero();
        assertThat(story.output()).startsWith("Order " + orderId + ": PAID");
        assertThat(republish.exit()).isEqualTo(1);
        assertThat(republish.output())
                .contains("Refused (403 Operator role required)")
                .contains(system.credentials().readOnlyAdminUser() + " is read-only");
        assertThat(ops("audit", "list", "--by", system.credentials().readOnlyAdminUser(), "--limit", "2")
                        .output())
                .contains("POST /admin/republish", "refused (403)", "orders show");
        assertThat(opsWithKey("not-a-key", "orders", "show", orderId).output())
                .contains("Refused (401", "Check your operator key");
    }

    // --- the operator's side

    private record Ops(int exit, String output) {
        JsonNode json() {
            return JSON.readTree(output);
        }
    }

    /** {@code ./pipeline ops ...} with the system's reconciler URL, as its development operator. */
    private static Ops ops(String... args) {
        return opsWithKey(system.credentials().adminKey(), args);
    }

    /** {@code ./pipeline ops ...} with the system's reconciler URL, as whoever has this key. */
    private static Ops opsWithKey(String adminKey, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("pipeline").toString(), "ops"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("PIPELINE_HOME", pipelineHome.toString());
        builder.environment().put("RECONCILER_URL", system.app(App.RECONCILER).url());
        builder.environment().put("ADMIN_KEY", adminKey);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./pipeline ops " + String.join(" ", args) + " did not finish");
            }
            return new Ops(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run ./pipeline ops", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- the merchant's and the provider's side

    private static void pay(String orderId, String amount) {
        var created = merchant.createLink(orderId, amount);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> order(orderId) != null);
        var settled = merchant.payInFull(created.json().get("token").asString());
        assertThat(settled.status()).as(settled.body()).isBetween(200, 299);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAID".equals(merchant.orderStatus(orderId)));
    }

    private static JsonNode order(String orderId) {
        var response = merchant.order(orderId);
        return response.status() == 200 ? response.json() : null;
    }

    private static JsonNode deadLetterOf(String orderId) {
        return ops("dlt", "list", "--json")
                .json()
                .valueStream()
                .filter(letter -> orderId.equals(letter.get("key").asString()))
                .findFirst()
                .orElse(null);
    }

    private static List<OrderPaymentStatusChanged> statusEventsOf(String orderId, boolean republished) {
        return new TopicReader(system.infrastructure().clientProperties(Principal.ORDER_SYSTEM))
                .readAll(Topics.ORDER_PAYMENT_STATUS).stream()
                        .filter(record -> orderId.equals(record.key()))
                        .map(record ->
                                (OrderPaymentStatusChanged) EventCodec.read(record.value(), OrderStatusEvent.class))
                        .filter(event -> event.republished() == republished)
                        .toList();
    }

    /** A downstream order system's consumer that has read everything so far, then loses its data. */
    private static KafkaConsumer<String, byte[]> downstreamConsumerAtTheEnd() {
        Properties config = new Properties();
        config.putAll(system.infrastructure().clientProperties(Principal.ORDER_SYSTEM));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        var consumer = new KafkaConsumer<>(
                config, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        var partitions = consumer.partitionsFor(Topics.ORDER_PAYMENT_STATUS).stream()
                .map(info -> new org.apache.kafka.common.TopicPartition(Topics.ORDER_PAYMENT_STATUS, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before the republish
        return consumer;
    }
}
