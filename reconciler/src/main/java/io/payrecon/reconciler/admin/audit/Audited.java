package io.payrecon.reconciler.admin.audit;

import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Runs an admin operation, reads included, only once the audit log holds it: its entry is written first (outcome
 * "started"), then the operation runs, then the entry gets the outcome: done, refused (a problem answered to the
 * operator) or failed. When the first write fails, the operation is refused (503) and nothing happens: no operation
 * goes unrecorded. When the last one fails, the operation has happened and the entry stays "started": that is logged
 * as an error and the operator gets the result, since refusing would claim it did not happen.
 */
@Component
public class Audited {

    private static final Logger log = LoggerFactory.getLogger(Audited.class);

    private final OpsAudit audit;

    Audited(OpsAudit audit) {
        this.audit = audit;
    }

    /** @param operator who asks: the operator the request authenticated as ({@code access} package) */
    public <T> T run(
            Principal operator,
            String command,
            Map<String, ?> arguments,
            Supplier<T> operation,
            Function<? super T, String> outcome) {
        return runAs(operator, command, arguments, entry -> operation.get(), outcome);
    }

    /** As {@link #run}, with the operation given its own audit entry's id. */
    public <T> T runAs(
            Principal operator,
            String command,
            Map<String, ?> arguments,
            LongFunction<T> operation,
            Function<? super T, String> outcome) {
        String name = name(operator);
        long entry = begin(name, command, arguments);
        T result;
        try {
            result = operation.apply(entry);
        } catch (ErrorResponseException e) {
            finish(
                    entry,
                    name,
                    command,
                    "refused (" + e.getStatusCode().value() + "): "
                            + e.getBody().getDetail());
            throw e;
        } catch (RuntimeException e) {
            finish(entry, name, command, "failed: " + e.getMessage());
            throw e;
        }
        String done = outcome.apply(result);
        finish(entry, name, command, done);
        log.info("Operator {} ran {} {} (audit entry {}): {}", name, command, arguments, entry, done);
        return result;
    }

    /** The operator's name, as the audit log records it. */
    public static String name(Principal operator) {
        if (operator == null || operator.getName() == null || operator.getName().isBlank()) {
            // Only reachable if /admin/** were not behind the access package's security chain.
            throw new IllegalStateException("No authenticated operator for an admin operation");
        }
        return operator.getName();
    }

    private long begin(String operator, String command, Map<String, ?> arguments) {
        try {
            return audit.begin(operator, command, arguments);
        } catch (RuntimeException e) {
            log.error(
                    "Refused {} {} by {}: the audit log cannot be written ({})",
                    command,
                    arguments,
                    operator,
                    NestedExceptionUtils.getMostSpecificCause(e).getMessage());
            throw Problems.problem(
                    ProblemType.STORAGE_UNAVAILABLE,
                    "Audit log unavailable",
                    "Nothing was done: every admin operation is written to the audit log before it runs, and the "
                            + "reconciler cannot write to it now (table ops_audit). Try again once its database "
                            + "accepts writes; the reconciler's log says why it refused");
        }
    }

    private void finish(long entry, String operator, String command, String outcome) {
        try {
            audit.finish(entry, outcome);
        } catch (RuntimeException e) {
            log.error(
                    "Audit entry {} ({} by {}) stays 'started': its outcome was not written ({}); the outcome: {}",
                    entry,
                    command,
                    operator,
                    NestedExceptionUtils.getMostSpecificCause(e).getMessage(),
                    outcome);
        }
    }

    /** Arguments by name, in order; absent ones (null) are kept as null. */
    public static Map<String, Object> args(Object... namesAndValues) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return arguments;
    }
}
