package io.payrecon.devstack;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * A SASL/SCRAM login to the devstack broker: the super-user's or one principal's of the access table. Its
 * {@link #toString()} never shows the password.
 *
 * @param username the SCRAM user, {@code User:<username>} to the broker
 * @param password its password, generated once per data directory
 */
public record KafkaCredentials(String username, String password) {

    /** What the broker's listener speaks: SASL without TLS (it listens on 127.0.0.1 only). */
    public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";

    /** The one mechanism the broker's listener accepts. */
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    /**
     * The settings of a Kafka client (producer, consumer or admin client) that logs in as this user; add its own
     * settings to a copy.
     */
    public Map<String, Object> clientProperties(String bootstrapServers) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SECURITY_PROTOCOL);
        properties.put(SaslConfigs.SASL_MECHANISM, SASL_MECHANISM);
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
        return Map.copyOf(properties);
    }

    /** {@code sasl.jaas.config} of a client logging in as this user. */
    public String jaasConfig() {
        return jaasConfig(username, password);
    }

    /**
     * {@code sasl.jaas.config} of a SCRAM client. Quotes and backslashes are escaped, as Kafka's JAAS parser reads
     * quoted values with Java's escapes.
     */
    public static String jaasConfig(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + quoted(username)
                + " password=" + quoted(password) + ";";
    }

    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The user, never the password. */
    @Override
    public String toString() {
        return "KafkaCredentials[username=" + username + ", password=<hidden>]";
    }
}
