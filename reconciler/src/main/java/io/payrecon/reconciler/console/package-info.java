/**
 * The operator console at {@code /console/}: server-rendered pages for the operators of the admin API (sign-in, the
 * layout, error pages, the overview with its sampler). Each feature's pages live with its admin operations
 * ({@code admin.deadletters}, {@code admin.parked}, …), marked {@link io.payrecon.reconciler.console.ConsoleController};
 * the security chain is {@code access.ConsoleSecurity}.
 */
package io.payrecon.reconciler.console;
