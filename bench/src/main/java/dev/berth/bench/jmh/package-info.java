/**
 * JMH microbenchmarks of the digest and manifest code that every push runs. {@code bench/run
 * --jmh} runs them; their figures go to {@code docs/benchmarks.md} with the rest.
 */
package dev.berth.bench.jmh;
