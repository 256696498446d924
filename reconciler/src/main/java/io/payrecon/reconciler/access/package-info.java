/** Who may call the reconciler's HTTP API: API keys in {@code X-Api-Key}, kept only as SHA-256 hashes. */
package io.payrecon.reconciler.access;
