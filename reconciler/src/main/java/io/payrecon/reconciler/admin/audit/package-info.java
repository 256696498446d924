/** The audit log of operations (table {@code ops_audit}, written only by {@link io.payrecon.reconciler.admin.audit.OpsAudit}): every operation is written to it before it runs, with the operator the request authenticated as, and completed with its outcome; refusals by role included. */
package io.payrecon.reconciler.admin.audit;
