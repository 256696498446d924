/**
 * What survives a restart: an append-only journal of facts (links created, payments, refunds, deliveries and their
 * attempts, clock moves) under {@code sandbox.data-dir}, replayed into the features' stores at startup.
 */
package io.payrecon.sandbox.journal;
