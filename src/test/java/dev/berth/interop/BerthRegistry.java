package dev.berth.interop;

import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.HostPort;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Berth started in this JVM on a free port of 127.0.0.1, with defaults except a 5 s shutdown grace.
 */
final class BerthRegistry implements Registry {

  private final Berth berth;

  private BerthRegistry(Berth berth) {
    this.berth = berth;
  }

  /** Starts Berth with its data directory under {@code workDir}. */
  static BerthRegistry start(Path workDir) throws Exception {
    BerthConfig config =
        BerthConfig.defaults(workDir.resolve("data")).withAuth(AuthConfig.disabled())
            .withListen(new HostPort("127.0.0.1", 0))
            .withShutdownGrace(Duration.ofSeconds(5));
    return new BerthRegistry(Berth.start(config));
  }

  @Override
  public String hostPort() {
    return "127.0.0.1:" + berth.port();
  }

  @Override
  public void close() {
    berth.close();
  }

  @Override
  public String toString() {
    return "Berth at " + hostPort();
  }
}
