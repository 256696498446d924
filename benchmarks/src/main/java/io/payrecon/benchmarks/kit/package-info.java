/**
 * What every benchmark shares, the pipeline's and the apps' own: the command line ({@link BenchOptions}), the latency
 * distribution ({@link LatencyHistogram}, HdrHistogram) and the report folder ({@link BenchReport}). It needs
 * HdrHistogram and nothing else, so the apps' benchmarks take it with their test-scoped dependency on this module.
 */
package io.payrecon.benchmarks.kit;
