/**
 * Who may call the sandbox's provider API: configured API keys and Client IDs, each bound to a payee destination,
 * checked like the provider (401, 403 revoked or wrong origin; a link is read with a Client ID only), and rate limited
 * per credential (429).
 */
package io.payrecon.sandbox.credential;
