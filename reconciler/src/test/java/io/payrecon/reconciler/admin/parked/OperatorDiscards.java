package io.payrecon.reconciler.admin.parked;

import io.payrecon.reconciler.inbox.ParkedWebhooks;
import java.util.List;
import org.springframework.context.ApplicationContext;

/** For tests of other packages: discards parked webhooks through the code the console and the admin API use. */
public final class OperatorDiscards {

    private OperatorDiscards() {}

    public static List<ParkedWebhooks.Discarded> discard(
            ApplicationContext context, List<Long> parkedIds, String operator, String reason) {
        return context.getBean(ParkedRetries.class).discard(parkedIds, operator, reason);
    }
}
