/**
 * The benchmarks {@code ./pipeline} runs on a system of its own: end to end (signed webhooks posted to the gateway
 * at a fixed rate until their status events are read from Kafka, the time to drain a backlog of webhooks, and the
 * same run's baselines), and link-service's creates against the request-sandbox (create latency and outbox lag).
 */
package io.payrecon.benchmarks;
