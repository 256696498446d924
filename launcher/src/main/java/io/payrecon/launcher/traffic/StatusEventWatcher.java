package io.payrecon.launcher.traffic;

import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads {@code orders.payment-status.v1} from where it ended when the watcher started, as an order system would,
 * and hands each status event to a callback with the time it arrived. No consumer group: it commits nothing, so
 * it never counts as a consumer that has to catch up.
 */
public final class StatusEventWatcher implements AutoCloseable {

    /**
     * A status event and when this watcher read it ({@code System.nanoTime()}).
     *
     * @param sentMillis its record's timestamp: when the reconciler's relay sent it (the producer's clock, epoch
     *     milliseconds), so that a latency can be split into the pipeline's part and the broker's and reader's
     */
    public record Arrival(OrderPaymentStatusChanged event, long arrivedNanos, long sentMillis) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<Arrival> callback;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param kafka the broker and a login that may read the status events: an order system's */
    public StatusEventWatcher(Map<String, Object> kafka, Consumer<Arrival> callback) {
        this.consumer = TopicTail.fromNow(kafka, Topics.ORDER_PAYMENT_STATUS);
        this.callback = callback;
        this.thread = new Thread(this::run, "status-event-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    OrderStatusEvent event;
                    try {
                        event = EventCodec.read(record.value(), OrderStatusEvent.class);
                    } catch (EventCodec.MalformedEventException notAnEvent) {
                        continue; // the ledger check reports what is on the topic; this only measures
                    }
                    if (event instanceof OrderPaymentStatusChanged changed) {
                        callback.accept(new Arrival(changed, now, record.timestamp()));
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
