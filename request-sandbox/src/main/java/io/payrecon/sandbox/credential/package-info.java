/**
 * Who may call the sandbox's provider API: configured API keys and Client IDs (with an Origin), each bound to a payee
 * destination, checked like the provider (401, 403 revoked or wrong origin; a link is read with a Client ID only), and
 * rate limited per credential and caller IP (429, and a block after a sustained breach, shown at
 * {@code /sandbox/rate-limits}).
 */
package io.payrecon.sandbox.credential;
