/**
 * The deployment (docker-compose.yml, docker/) checked against the apps' jars and the topic catalogue, without a
 * container engine: what compose gives each app must be what the app needs and nothing it would ignore.
 */
package io.payrecon.systemtests.deployment;
