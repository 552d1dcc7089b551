package dev.berth.bench.jmh;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SHA-256 over upload chunks of several sizes, and parsing the digest strings of requests. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DigestBenchmark {

  /** Bytes per update, as a PATCH body is read in buffers of this size. */
  @Param({"65536", "1048576"})
  public int chunkBytes;

  private byte[] chunk;
  private MessageDigest hasher;
  private String digestText;

  @Setup
  public void setUp() {
    chunk = new byte[chunkBytes];
    new SplittableRandom(7).nextBytes(chunk);
    hasher = DigestAlgorithm.SHA256.newHasher();
    digestText = Digest.sha256(chunk).toString();
  }

  /** Hashes one chunk; the throughput times {@code chunkBytes} is bytes per second. */
  @Benchmark
  public MessageDigest updateChunk() {
    hasher.update(chunk);
    return hasher;
  }

  @Benchmark
  public Digest digestWholeChunk() {
    return Digest.sha256(chunk);
  }

  @Benchmark
  public Digest parseDigest() {
    return Digest.parse(digestText);
  }
}
