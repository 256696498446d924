/**
 * The admin API on a port of its own ({@code reconciler.admin-port}): a second connector for operators on the internal
 * network, and 404 for {@code /admin/**} and the console ({@code /console/**}) on the public port. Unset, both stay on
 * {@code server.port}.
 */
package io.payrecon.reconciler.adminport;
