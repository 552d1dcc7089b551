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
   * Starts the registry that interop tests run against, with its files under {@code workDir}.
   *
   * @throws Exception when the registry cannot be started or does not become ready
   */
  static Registry start(Path workDir) throws Exception {
    return DistributionRegistry.start(workDir);
  }
}
