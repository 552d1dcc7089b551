package dev.berth.bench.jmh;

import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Parsing and validating an OCI image manifest and an OCI image index, as a manifest PUT does. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ManifestBenchmark {

  private static final String IMAGE_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";

  private final ManifestParser parser = new ManifestParser();
  private byte[] image;
  private byte[] index;

  @Setup
  public void setUp() {
    StringBuilder layers = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      if (i > 0) {
        layers.append(',');
      }
      layers.append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", i, 1000 + i));
    }
    image =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + IMAGE_TYPE + "\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", 99, 1500)
                + ",\"layers\":[" + layers + "],"
                + "\"annotations\":{\"org.opencontainers.image.created\":\"2026-01-01T00:00:00Z\"}}")
            .getBytes(StandardCharsets.UTF_8);
    index =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX_TYPE + "\",\"manifests\":["
                + platformDescriptor(1, "amd64") + "," + platformDescriptor(2, "arm64") + "]}")
            .getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public Manifest parseImageManifest() {
    return parser.parse(image, Optional.of(IMAGE_TYPE));
  }

  @Benchmark
  public Manifest parseImageIndex() {
    return parser.parse(index, Optional.of(INDEX_TYPE));
  }

  private static String descriptor(String mediaType, int number, long size) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"sha256:"
        + String.format("%064x", number) + "\",\"size\":" + size + "}";
  }

  private static String platformDescriptor(int number, String architecture) {
    String descriptor = descriptor(IMAGE_TYPE, number, 700);
    return descriptor.substring(0, descriptor.length() - 1)
        + ",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"}}";
  }
}
