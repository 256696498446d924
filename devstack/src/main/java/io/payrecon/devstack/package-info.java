/**
 * Real infrastructure without Docker: a single-node Kafka broker in KRaft mode, run from Kafka's own Maven
 * artifacts in a JVM of its own, and a PostgreSQL 17 server from the embedded binaries on Maven Central. Both
 * are child processes, so a test or an operator can stop, pause or kill each one alone. Integration tests share
 * one {@link io.payrecon.devstack.DevStack#shared() stack per test JVM}; {@code ./pipeline up} uses the same
 * code with fixed ports and data kept under {@code .pipeline/}.
 */
package io.payrecon.devstack;
