/**
 * The operators' command-line client ({@code ./pipeline ops ...}) of the reconciler's admin API: an order's story,
 * dead letters, parked webhooks, polling now, re-publishing, replaying and the audit log; and a new operator's key
 * with its {@code ADMIN_OPERATORS} entry. Human-readable tables by default, the API's JSON with {@code --json}.
 */
package io.payrecon.ops;
