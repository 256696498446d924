package io.payrecon.reconciler.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Where the apply path puts what it decided: the changes a batch made to orders (written to their history already,
 * in the batch's transaction), each with the status event it emits. The live sink appends those events to the
 * outbox ({@link OrderReconciliation#live()}); a replay collects them for its report as well; a rebuild into a
 * scratch schema publishes none ({@link #UNPUBLISHED}).
 */
public interface StatusSink {

    /**
     * @param changes the batch's changes of open orders, in log order (openings emit no event and are not here)
     * @param webhooksReceivedAt when the gateway received the webhooks applied, for the webhook-to-status latency
     */
    void changed(List<OrderChange> changes, List<Instant> webhooksReceivedAt);

    /** An observation applied now showed what polling cannot account for (counted by the live sink only). */
    default void unseenByPolling(Set<UnseenByPolling> unseen) {}

    /** Publishes nothing: a rebuild's changes are compared with the live state, never sent downstream. */
    StatusSink UNPUBLISHED = (changes, webhooksReceivedAt) -> {};

    /** Counts every change it is given and keeps the first ones, then hands them to the next sink. */
    final class Collecting implements StatusSink {

        private final StatusSink next;
        private final int kept;
        private final List<OrderChange> changes = new ArrayList<>();
        private long count;

        /** @param kept how many changes it keeps at most (a replay of a large range makes many) */
        public Collecting(StatusSink next, int kept) {
            this.next = next;
            this.kept = kept;
        }

        @Override
        public void changed(List<OrderChange> batch, List<Instant> webhooksReceivedAt) {
            for (OrderChange change : batch) {
                count++;
                if (changes.size() < kept) {
                    changes.add(change);
                }
            }
            next.changed(batch, webhooksReceivedAt);
        }

        /** How many changes it was given. */
        public long count() {
            return count;
        }

        @Override
        public void unseenByPolling(Set<UnseenByPolling> unseen) {
            next.unseenByPolling(unseen);
        }

        /** The first changes it was given (at most as many as it keeps), in the order they were made. */
        public List<OrderChange> changes() {
            return Collections.unmodifiableList(changes);
        }
    }
}
