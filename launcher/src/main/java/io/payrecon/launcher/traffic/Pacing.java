package io.payrecon.launcher.traffic;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waiting in main code: the driver's open-loop pacing and the polls of the checks that follow it. */
public final class Pacing {

    private Pacing() {}

    /** Parks until {@code System.nanoTime()} reaches {@code deadlineNanos}. */
    public static void parkUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
