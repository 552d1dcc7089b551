package dev.berth.server.config;

import java.time.Duration;

/**
 * Upload session limits.
 *
 * @param sessionTtl how long an upload session may stay idle before it expires and its staged
 *     bytes are deleted
 * @param purgeInterval how often expired sessions are looked for
 */
public record UploadConfig(Duration sessionTtl, Duration purgeInterval) {

  public static UploadConfig defaults() {
    return new UploadConfig(Duration.ofHours(24), Duration.ofMinutes(10));
  }
}
