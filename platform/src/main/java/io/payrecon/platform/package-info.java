/**
 * What every app of ours stands on, auto-configured: bounds on every request ({@link RequestBounds}) and the one
 * answer to "is this failure the infrastructure's?" ({@link Infrastructure}) that decides whether a consumer retries
 * a record without limit or dead-letters it.
 */
package io.payrecon.platform;
