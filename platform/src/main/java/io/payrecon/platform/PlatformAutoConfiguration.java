package io.payrecon.platform;

import io.payrecon.platform.problem.DistinctSchemaNames;
import io.payrecon.platform.problem.OpenApiProblems;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import javax.sql.DataSource;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Registers the request bounds in every servlet app, the infrastructure check in every app, the check of the Kafka
 * login in every app with a Kafka client, and what every app's OpenAPI document shares in every app that has one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    Infrastructure infrastructure(ObjectProvider<DataSource> dataSource, PlatformProperties properties) {
        return new Infrastructure(dataSource.getIfAvailable(), properties.probeTimeout());
    }

    /** Fails the start of an app whose Kafka login is missing, naming the variables to set ({@link KafkaLogin}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.kafka.clients.CommonClientConfigs")
    static class KafkaLoginCheck {

        @Bean
        KafkaLogin kafkaLogin(Environment environment) {
            return new KafkaLogin(environment);
        }
    }

    /**
     * Each request on a virtual thread of its own: a request waiting for its body, the database, the broker or the
     * provider parks a virtual thread instead of holding one of a few hundred platform threads, so senders that
     * trickle cannot keep a genuine request from being served. How many requests there are at once stays bounded by
     * {@code server.tomcat.max-connections}, how long each may take by the body deadline and the apps' timeouts.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.apache.tomcat.util.threads.VirtualThreadExecutor")
    static class VirtualThreadPerRequest {

        @Bean
        TomcatProtocolHandlerCustomizer<ProtocolHandler> virtualThreadPerRequest() {
            return protocol -> protocol.setExecutor(new VirtualThreadExecutor("request-"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    static class Requests {

        @Bean
        FilterRegistrationBean<RequestBounds> requestBounds(PlatformProperties properties) {
            FilterRegistrationBean<RequestBounds> registration =
                    new FilterRegistrationBean<>(new RequestBounds(properties.requests()));
            registration.setName("requestBounds");
            // First: nothing, not even a filter that checks a credential, reads a body the bounds have not seen.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    /**
     * What every app's OpenAPI document shares: the problems ({@link OpenApiProblems}), amounts as decimal strings, as
     * they are on the wire ({@code BigDecimal} in code, written as a string), and one schema per name
     * ({@link DistinctSchemaNames}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class ApiDocs {

        ApiDocs() {
            SpringDocUtils.getConfig()
                    .replaceWithSchema(BigDecimal.class, OpenApiProblems.decimal())
                    // Jackson 3's tree, which the model reader (on Jackson 2) would describe as its Java properties.
                    .replaceWithSchema(JsonNode.class, new Schema<>().description("Any JSON value"));
        }

        @Bean
        OpenApiProblems openApiProblems() {
            return new OpenApiProblems();
        }

        @Bean
        DistinctSchemaNames distinctSchemaNames() {
            return new DistinctSchemaNames();
        }
    }
}
