/** Dead letters as operators handle them: listed, shown, retried through the reconciler's own path, or discarded with a reason; each once. */
package io.payrecon.reconciler.admin.deadletters;
