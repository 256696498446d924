/** Re-emitting status events from the orders' history for downstream systems that lost data. */
package io.payrecon.reconciler.admin.republish;
