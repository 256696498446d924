/**
 * Faults on demand ({@code /sandbox/faults}): the provider API answering 5xx, too slowly or 429, and webhook
 * deliveries duplicated, reordered, delayed or dropped, so the pipeline can be tested against a misbehaving provider.
 */
package io.payrecon.sandbox.fault;
