package io.payrecon.reconciler.order;

import io.payrecon.reconciler.inbox.CountedPayments;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.ParkedWebhooks;
import io.payrecon.reconciler.polling.Polls;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tables the apply path writes, each through its owner; {@link #over} puts all of them on other connections. */
record Stores(Orders orders, Inbox inbox, CountedPayments counted, ParkedWebhooks parked, Polls polls) {

    /** The same stores over other connections, such as a rebuild's (see {@link OrderReconciliation#over}). */
    Stores over(JdbcClient other) {
        return new Stores(
                orders.over(other), inbox.over(other), counted.over(other), parked.over(other), polls.over(other));
    }
}
