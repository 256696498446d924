/**
 * Who may call the reconciler's HTTP API: API keys in {@code X-Api-Key} on {@code /api/**}, admin keys in
 * {@code X-Admin-Key} on {@code /admin/**}, both kept only as SHA-256 hashes.
 */
package io.payrecon.reconciler.access;
