package io.payrecon.launcher;

import io.payrecon.devstack.KafkaCredentials;
import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.Topics;
import io.payrecon.launcher.traffic.TopicTail;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * {@code ./pipeline demo}: against a running system, one order through link creation, a part payment and the
 * rest, printing each status event as it arrives on {@code orders.payment-status.v1}, as an order system sees it:
 * logged in to the broker as the {@code order-system} principal, which may read that topic and nothing else.
 */
final class Demo {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private final PrintStream out;

    Demo(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    int run() {
        String orderId = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Map<String, String> apiKey = Map.of("X-Api-Key", env.get("API_KEY"));
        try (KafkaConsumer<String, byte[]> statusEvents = subscribeFromNow()) {
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("orderId", orderId);
            link.put("amount", "40.00");
            link.put("paymentCurrency", "USDC");
            SystemHttp.Response created =
                    SystemHttp.postJson(env.get("LINK_SERVICE_URL") + "/api/payment-links", apiKey, link);
            if (created.status() != 201) {
                out.println("link-service answered " + created.status() + ": " + created.body());
                return 1;
            }
            String token = created.json().get("token").asString();
            out.println("Order " + orderId + " for 40.00 USD");
            out.println("  link-service created a payment link: "
                    + created.json().get("securePaymentUrl").asString());
            out.println("  the payer's link through us:         "
                    + created.json().get("payUrl").asString());
            awaitOrderKnown(orderId, apiKey);
            out.println("  the reconciler opened the order:     AWAITING_PAYMENT");

            out.println("The payer pays 15.00 (a part payment) on the hosted page ...");
            settle(token, Map.of("outcome", "partial", "amount", "15.00"));
            print(awaitStatusEvent(statusEvents, orderId));

            out.println("The payer pays the remaining 25.00 ...");
            settle(token, Map.of("outcome", "confirmed"));
            OrderPaymentStatusChanged last = awaitStatusEvent(statusEvents, orderId);
            print(last);
            out.println("Done: order " + orderId + " is " + last.status() + ". Its whole story: curl -s "
                    + env.get("RECONCILER_URL") + "/api/orders/" + orderId + " -H \"X-Api-Key: $API_KEY\"");
            return 0;
        } catch (IllegalStateException e) {
            out.println("The demo stopped: " + e.getMessage());
            return 1;
        }
    }

    private void settle(String token, Map<String, String> payment) {
        SystemHttp.Response settled =
                SystemHttp.postJson(env.get("SANDBOX_URL") + "/sandbox/payments/" + token, Map.of(), payment);
        if (settled.status() / 100 != 2) {
            throw new IllegalStateException("the sandbox answered " + settled.status() + ": " + settled.body());
        }
    }

    private void awaitOrderKnown(String orderId, Map<String, String> apiKey) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (SystemHttp.get(env.get("RECONCILER_URL") + "/api/orders/" + orderId, apiKey)
                            .status()
                    == 200) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("the reconciler did not learn of order " + orderId + " within " + PATIENCE);
    }

    /** Reads the status events as an order system does: logged in as one, with what {@code up} wrote for it. */
    private KafkaConsumer<String, byte[]> subscribeFromNow() {
        return TopicTail.fromNow(orderSystemLogin(env), Topics.ORDER_PAYMENT_STATUS);
    }

    /** An order system's Kafka client settings, from the variables of {@code .pipeline/local.env}. */
    static Map<String, Object> orderSystemLogin(Map<String, String> env) {
        List<String> missing = Stream.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "KAFKA_SECURITY_PROTOCOL",
                        "KAFKA_SASL_MECHANISM",
                        "ORDER_SYSTEM_KAFKA_USERNAME",
                        "ORDER_SYSTEM_KAFKA_PASSWORD")
                .filter(name -> env.get(name) == null || env.get(name).isBlank())
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the local environment lacks " + String.join(", ", missing)
                    + ": stop the pipeline and start it again with ./pipeline up, which writes them");
        }
        Map<String, Object> kafka = new HashMap<>();
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP_SERVERS"));
        kafka.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, env.get("KAFKA_SECURITY_PROTOCOL"));
        kafka.put(SaslConfigs.SASL_MECHANISM, env.get("KAFKA_SASL_MECHANISM"));
        kafka.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                KafkaCredentials.jaasConfig(
                        env.get("ORDER_SYSTEM_KAFKA_USERNAME"), env.get("ORDER_SYSTEM_KAFKA_PASSWORD")));
        return kafka;
    }

    private OrderPaymentStatusChanged awaitStatusEvent(KafkaConsumer<String, byte[]> consumer, String orderId) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (orderId.equals(record.key())
                        && EventCodec.read(record.value(), OrderStatusEvent.class)
                                instanceof OrderPaymentStatusChanged changed) {
                    return changed;
                }
            }
        }
        throw new IllegalStateException("no status event for order " + orderId + " arrived within " + PATIENCE);
    }

    private void print(OrderPaymentStatusChanged event) {
        out.printf(
                "  %s #%d  %s -> %s  paid %s of %s %s  (cause %s%s)%n",
                Topics.ORDER_PAYMENT_STATUS,
                event.sequence(),
                event.previousStatus(),
                event.status(),
                event.paidAmount().toPlainString(),
                event.expectedAmount().toPlainString(),
                event.currency() == null ? "" : event.currency(),
                event.cause().kind(),
                event.cause().deliveryId() == null
                        ? ""
                        : ", delivery " + event.cause().deliveryId());
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
