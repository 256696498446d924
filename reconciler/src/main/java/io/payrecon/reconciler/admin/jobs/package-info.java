/**
 * Long operations (replay, republish, rebuild) as jobs in {@code ops_jobs}: queued by the admin API or the console
 * through {@link io.payrecon.reconciler.admin.jobs.Jobs}, run by the workers of any instance with progress, a
 * checkpoint and a heartbeat after every page, and cancelled, resumed or restarted by operators.
 */
package io.payrecon.reconciler.admin.jobs;
