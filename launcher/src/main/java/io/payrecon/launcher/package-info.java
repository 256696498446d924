/**
 * The whole system on one machine: devstack's Kafka and PostgreSQL plus the sandbox and the three apps, each
 * its own process, wired together. {@code ./pipeline up} and the end-to-end tests start it with the same code.
 */
package io.payrecon.launcher;
