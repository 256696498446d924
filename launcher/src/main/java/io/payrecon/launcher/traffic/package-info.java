/**
 * The traffic driver: orders created through link-service and paid through the sandbox's controls at a fixed
 * arrival rate (open loop), with the provider's delivery faults on, and a record of what was done and of every
 * webhook delivery the gateway accepted, for the ledger check.
 */
package io.payrecon.launcher.traffic;
