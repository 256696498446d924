package io.payrecon.platform;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;

/**
 * Refuses to start an app whose Kafka login is missing, naming what to set. Each app logs in to the broker as its own
 * principal: its {@code application.yml} builds {@code spring.kafka.properties.sasl.jaas.config} from
 * {@code KAFKA_USERNAME} and {@code KAFKA_PASSWORD}. Spring binds Kafka's properties leniently, leaving a placeholder
 * it cannot resolve as text, so without this check an app without the variables would start, log in as the user
 * {@code ${KAFKA_USERNAME}} and fail only at its first request to the broker. Never prints the login itself.
 */
final class KafkaLogin {

    static final String JAAS_CONFIG = "spring.kafka.properties.sasl.jaas.config";
    static final List<String> VARIABLES = List.of("KAFKA_USERNAME", "KAFKA_PASSWORD");

    private static final Pattern USERNAME = Pattern.compile("\\busername\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PASSWORD = Pattern.compile("\\bpassword\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The check, as a bean: the app's start fails before any Kafka client is made. */
    KafkaLogin(Environment environment) {
        check(environment);
    }

    /**
     * @throws IllegalStateException when the login is configured from variables that are not set, or is empty
     */
    static void check(Environment environment) {
        if (!environment.containsProperty(JAAS_CONFIG)) {
            return; // no SASL login configured: a broker without authentication, the app's own choice
        }
        String jaasConfig;
        try {
            jaasConfig = environment.getProperty(JAAS_CONFIG);
        } catch (IllegalArgumentException unresolvable) {
            List<String> missing = VARIABLES.stream()
                    .filter(variable -> !environment.containsProperty(variable))
                    .toList();
            if (missing.isEmpty()) {
                throw unresolvable;
            }
            String what = String.join(" and ", missing) + (missing.size() > 1 ? " are" : " is") + " not set";
            throw new IllegalStateException(missingMessage(what), unresolvable);
        }
        if (isBlank(USERNAME.matcher(jaasConfig)) || isBlank(PASSWORD.matcher(jaasConfig))) {
            throw new IllegalStateException(missingMessage("KAFKA_USERNAME or KAFKA_PASSWORD is empty"));
        }
    }

    private static String missingMessage(String what) {
        return "No Kafka login: " + what + ". Set KAFKA_USERNAME and KAFKA_PASSWORD to this app's principal on the"
                + " broker and its password (" + JAAS_CONFIG + " is built from them; docs/operations.md, \"Kafka"
                + " principals\").";
    }

    private static boolean isBlank(Matcher option) {
        return !option.find() || option.group(1).isBlank();
    }
}
