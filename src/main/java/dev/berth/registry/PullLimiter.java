package dev.berth.registry;

import org.eclipse.jetty.server.Request;

/**
 * Decides whether a manifest request may be served under a pull rate limit, before the manifest
 * is sent. The registry calls it once per manifest GET and HEAD, and sets the returned headers on
 * the response. A request for a manifest that does not exist is passed as {@link PullKind#HEAD},
 * so its 404 shows the quota without counting. Implementations must be thread-safe.
 *
 * <p>Admission and counting are one step: {@link #admit} consumes a pull for a {@link
 * PullKind#IMAGE} request before its response is written, so concurrent GETs cannot all pass a
 * limit that only one of them fits under.
 */
public interface PullLimiter {

  /** A limiter that admits everything and sets no headers, which clients read as unlimited. */
  PullLimiter NONE = (request, kind) -> PullAdmission.unlimited();

  /**
   * Admits or rejects one manifest request of {@code kind}. Only {@link PullKind#IMAGE} requests
   * count as a pull. The caller is read from {@code request}'s attributes. A caller over the
   * limit gets a {@link PullAdmission#rejected} result, not an exception.
   */
  PullAdmission admit(Request request, PullKind kind);

  /** The kind of a manifest request, which decides whether it counts as a pull. */
  enum PullKind {
    /** A HEAD request: a version check that never counts and is never rejected. */
    HEAD,
    /**
     * A GET of an image index or Docker manifest list. It does not count, because the client goes
     * on to GET the platform manifests it needs and each of those counts.
     */
    INDEX,
    /** A GET of any other manifest: one pull. */
    IMAGE
  }
}
