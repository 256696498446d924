/**
 * The operators' API under {@code /admin} (each operator's own key in {@code X-Admin-Key}, see the access package), one
 * package per feature: {@code audit} (the audit log every operation is written to before it runs), {@code orders} (an
 * order's whole story, polling it now), {@code parked} (parked webhooks, their retry, the stale-parking gauge),
 * {@code deadletters}, {@code replay}, {@code republish} and {@code rebuild}. Operations call the owners of the tables
 * they change; only the audit log's owner and the rebuild's scratch schema use SQL here.
 */
package io.payrecon.reconciler.admin;
