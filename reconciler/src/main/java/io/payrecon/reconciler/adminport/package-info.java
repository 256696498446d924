/**
 * The admin API on a port of its own ({@code reconciler.admin-port}): a second connector for operators on the internal
 * network, and 404 for {@code /admin/**} on the public port. Unset, the admin API stays on {@code server.port}.
 */
package io.payrecon.reconciler.adminport;
