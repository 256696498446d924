package io.payrecon.outbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest app that uses the outbox: a DataSource, Kafka, its own Flyway migration, nothing else. */
@SpringBootApplication
class OutboxTestApplication {}
