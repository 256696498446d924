/**
 * The end-to-end benchmark: signed webhooks posted to the gateway at a fixed rate until their status events are
 * read from Kafka, the time to drain a backlog of webhooks, and the same run's baselines.
 */
package io.payrecon.systemtests.bench;
