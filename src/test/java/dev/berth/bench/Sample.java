package dev.berth.bench;

import java.util.Optional;

/**
 * The outcome of one benchmark request.
 *
 * @param latencyNanos the time from the first byte sent to the last byte read, in nanoseconds
 * @param bytes the blob and manifest bytes sent or received
 * @param pull whether the request was a pull, which mixed scenarios count apart
 * @param failure why the request failed, such as an unexpected status; empty when it succeeded
 */
record Sample(long latencyNanos, long bytes, boolean pull, Optional<String> failure) {

  static Sample success(long latencyNanos, long bytes, boolean pull) {
    return new Sample(latencyNanos, bytes, pull, Optional.empty());
  }

  static Sample failed(long latencyNanos, boolean pull, String failure) {
    return new Sample(latencyNanos, 0, pull, Optional.of(failure));
  }

  boolean succeeded() {
    return failure.isEmpty();
  }
}
