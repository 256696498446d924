/**
 * Who may call the reconciler's HTTP API: API keys in {@code X-Api-Key} on {@code /api/**}; on {@code /admin/**},
 * named operators, each with a role (read-only or operator) and their own key in {@code X-Admin-Key}. Keys are kept
 * only as SHA-256 hashes.
 */
package io.payrecon.reconciler.access;
