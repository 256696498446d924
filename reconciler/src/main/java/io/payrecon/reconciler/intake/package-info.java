/**
 * Thin Kafka listeners: each polled batch goes whole to {@code OrderReconciliation}, and its offsets are committed
 * only after that transaction committed. Retry policy is configured here, once.
 */
package io.payrecon.reconciler.intake;
