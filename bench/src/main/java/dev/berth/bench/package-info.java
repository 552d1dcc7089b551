/**
 * The load generator that {@code bench/run} drives: it runs each workload against Berth and CNCF
 * Distribution in alternation, measures the physical references (SHA-256 on one core, nginx on the
 * same file, fdatasync writes) and writes the result table. {@link dev.berth.bench.jmh} holds the
 * JMH microbenchmarks.
 */
package dev.berth.bench;
