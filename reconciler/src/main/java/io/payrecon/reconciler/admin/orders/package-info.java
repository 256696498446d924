/** One order, as operators look into it: its whole story, and asking the provider about it now. */
package io.payrecon.reconciler.admin.orders;
