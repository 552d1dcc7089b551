/**
 * JMH microbenchmarks of the digest and manifest code that every push runs. {@code bench/run} runs
 * them after the workloads (unless given {@code --no-jmh}) and adds their figures to {@code
 * docs/benchmarks.md}.
 */
package dev.berth.bench.jmh;
