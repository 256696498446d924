package io.payrecon.benchkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load for the benchmarks: request {@code i} is due at {@code start + i / rate}, whatever happened to the
 * ones before it, and its latency counts from that intended time, not from when a connection was free to send it.
 * A slow answer therefore shows in the latency of every request queued behind it (no coordinated omission), as it
 * would for a sender that does not wait for our previous answers.
 *
 * <p>A fixed number of threads, each with its own keep-alive {@link HttpConnection}, take the requests in order,
 * build each one before it is due (the generator's work is not timed) and send it at its time. Blocking socket I/O
 * keeps the generator cheap: it shares the machine's cores with what it measures.
 */
public final class OpenLoop {

    /** The bytes of request {@code i} (see {@link HttpConnection#post}). */
    @FunctionalInterface
    public interface Requests {
        byte[] request(long i);
    }

    /** Told of every answer, from the sending threads. */
    @FunctionalInterface
    public interface Answers {
        /**
         * @param status the HTTP status, or -1 when the exchange failed with {@code error}
         * @param dueNanos when the request was due ({@link System#nanoTime()})
         * @param sentNanos when it was actually sent
         * @param doneNanos when its answer was read, or the exchange failed
         */
        void answered(long i, int status, IOException error, long dueNanos, long sentNanos, long doneNanos);
    }

    private final URI target;
    private final int rate;
    private final int connections;
    private final Duration timeout;
    private final AtomicLong senderCpuNanos = new AtomicLong();

    /**
     * @param target the host and port every connection opens
     * @param rate requests per second
     * @param connections sending threads, one connection each
     * @param timeout to connect and for each answer
     */
    public OpenLoop(URI target, int rate, int connections, Duration timeout) {
        if (rate < 1 || connections < 1) {
            throw new IllegalArgumentException("rate and connections must be positive");
        }
        this.target = target;
        this.rate = rate;
        this.connections = connections;
        this.timeout = timeout;
    }

    /**
     * Sends requests {@code 0} to {@code count - 1}, the first due 100 ms from now, and returns once every one was
     * answered (or failed).
     *
     * @return when the first request was due ({@link System#nanoTime()})
     */
    public long run(long count, Requests requests, Answers answers) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        run(start, count, requests, answers);
        return start;
    }

    /** As {@link #run(long, Requests, Answers)}, request {@code i} due at {@link #due due(start, i)}. */
    public void run(long start, long count, Requests requests, Answers answers) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        List<Thread> senders = new ArrayList<>(connections);
        for (int s = 0; s < connections; s++) {
            Thread sender = new Thread(() -> send(start, count, next, requests, answers), "open-loop-" + s);
            sender.setDaemon(true);
            senders.add(sender);
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }
    }

    /**
     * The CPU time the sending threads used in the runs that are over (user and system, as the OS counts it per
     * thread), or -1 where the JVM does not measure it: what the generator costs, to tell it apart from what it
     * measures when both share one process.
     */
    public long senderCpuNanos() {
        return senderCpuNanos.get();
    }

    /** When request {@code i} is due ({@link System#nanoTime()}) in a run that started at {@code start}. */
    public long due(long start, long i) {
        return start + i * 1_000_000_000L / rate;
    }

    private void send(long start, long count, AtomicLong next, Requests requests, Answers answers) {
        try (HttpConnection connection = new HttpConnection(target.getHost(), target.getPort(), timeout)) {
            for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                byte[] request = requests.request(i);
                long due = due(start, i);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                long sent = System.nanoTime();
                try {
                    int status = connection.exchange(request);
                    answers.answered(i, status, null, due, sent, System.nanoTime());
                } catch (IOException e) {
                    answers.answered(i, -1, e, due, sent, System.nanoTime());
                }
            }
        } finally {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long used = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
            senderCpuNanos.accumulateAndGet(used, (sum, one) -> sum < 0 || one < 0 ? -1 : sum + one);
        }
    }
}
