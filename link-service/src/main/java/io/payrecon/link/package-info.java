/**
 * link-service: creates Request Network secure payment links for orders, stores them, publishes
 * {@code payment-link.*} events through the outbox and redirects payers to the current link.
 */
package io.payrecon.link;
