/**
 * The operators' rebuild: every order's state recomputed from the beginning of the log, through the listeners' own
 * path, into a scratch schema; compared with the live state; and, when not a dry run and only when it completed, the
 * live orders that differ set to their rebuilt state, each correction recorded and emitted as a status event.
 */
package io.payrecon.reconciler.admin.rebuild;
