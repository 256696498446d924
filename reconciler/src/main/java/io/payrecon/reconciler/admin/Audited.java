package io.payrecon.reconciler.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Runs an admin operation and writes it to the audit log with its outcome, whether it succeeded, was refused
 * (a problem answered to the operator) or failed.
 */
@Component
class Audited {

    private static final Logger log = LoggerFactory.getLogger(Audited.class);

    private final OpsAudit audit;

    Audited(OpsAudit audit) {
        this.audit = audit;
    }

    <T> T run(
            String operatorHeader,
            String command,
            Map<String, ?> arguments,
            Supplier<T> operation,
            Function<? super T, String> outcome) {
        String operator = OpsAudit.operator(operatorHeader);
        T result;
        try {
            result = operation.get();
        } catch (ErrorResponseException e) {
            write(
                    operator,
                    command,
                    arguments,
                    "refused (" + e.getStatusCode().value() + "): "
                            + e.getBody().getDetail());
            throw e;
        } catch (RuntimeException e) {
            write(operator, command, arguments, "failed: " + e.getMessage());
            throw e;
        }
        String done = outcome.apply(result);
        write(operator, command, arguments, done);
        log.info("Operator {} ran {} {}: {}", operator, command, arguments, done);
        return result;
    }

    private void write(String operator, String command, Map<String, ?> arguments, String outcome) {
        try {
            audit.record(operator, command, arguments, outcome);
        } catch (RuntimeException e) {
            log.warn(
                    "Operation {} by {} ({}) not written to the audit log: {}",
                    command,
                    operator,
                    outcome,
                    e.getMessage());
        }
    }

    /** Arguments by name, in order; absent ones (null) are kept as null. */
    static Map<String, Object> args(Object... namesAndValues) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return arguments;
    }
}
