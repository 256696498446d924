/** Replaying the archived webhooks and observations of a time range through the listeners' own path, or a dry run of it. */
package io.payrecon.reconciler.admin.replay;
