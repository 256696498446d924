/**
 * What every benchmark shares, the pipeline's and the apps' own: the command line ({@link BenchOptions}), the latency
 * distribution ({@link LatencyHistogram}, HdrHistogram), the report folder and machine line ({@link BenchReport}) and
 * the open-loop load generator ({@link OpenLoop} over {@link HttpConnection}s), and what each phase cost per event
 * ({@link CostMeter}, {@link PhaseCost}: CPU and bytes written, read from Linux's {@code /proc}). It needs HdrHistogram and nothing else,
 * so the apps take it in test scope, the launcher's traffic driver for its latencies, and the benchmarks module.
 */
package io.payrecon.benchkit;
