/**
 * The crash suite: while the traffic driver runs, every process of the system is killed and restarted in turn,
 * the database is frozen, and at the end the ledger check must find nothing lost and nothing doubled.
 */
package io.payrecon.launcher.chaos;
