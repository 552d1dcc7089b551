package dev.berth.interop;

import java.nio.file.Path;

/** A registry under test, serving plain HTTP on a loopback address. */
interface Registry extends AutoCloseable {

  /** Returns the address clients use in image references, such as {@code 127.0.0.1:41234}. */
  String hostPort();

  /** Stops the registry. Its data stays in the directory it was started with. */
  @Override
  void close();

  /**
   * The system property that selects the registry: {@code berth} (the default) or {@code
   * distribution}.
   */
  String IMPLEMENTATION_PROPERTY = "berth.interop.registry";

  /**
   * Starts the registry that interop tests run against, with its files under {@code workDir}: Berth
   * in this JVM, or CNCF Distribution, the reference the tests were checked against, when {@value
   * #IMPLEMENTATION_PROPERTY} is {@code distribution}.
   *
   * @throws Exception when the registry cannot be started or does not become ready
   */
  static Registry start(Path workDir) throws Exception {
    String implementation = System.getProperty(IMPLEMENTATION_PROPERTY, "berth");
    return switch (implementation) {
      case "berth" -> BerthRegistry.start(workDir);
      case "distribution" -> DistributionRegistry.start(workDir);
      default ->
          throw new IllegalArgumentException(
              IMPLEMENTATION_PROPERTY
                  + "='"
                  + implementation
                  + "' is invalid; use berth or distribution");
    };
  }
}
