/**
 * The console's overview: a sampler that takes the reconciler's own figures (Micrometer meters, one cheap query, the
 * gateway's Prometheus endpoint when configured) every {@code reconciler.console.sample-every} into an hour-long ring
 * buffer in memory, and the tiles with their small SVG charts drawn from it.
 */
package io.payrecon.reconciler.console.overview;
