/** The load benchmark of {@code POST /api/payment-links} and of the outbox's lag to Kafka (see the module README). */
package io.payrecon.link.bench;
