/**
 * Thin Kafka listeners: each polled batch goes whole to {@code OrderReconciliation} (one transaction), and its
 * offsets are committed only after that transaction committed. What happens when a batch fails (retry, dead-letter
 * topic) is decided once, in {@code FailurePolicy}.
 */
package io.payrecon.reconciler.intake;
