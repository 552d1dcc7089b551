package dev.berth.registry;

import org.eclipse.jetty.server.Request;

/**
 * Builds the scheme, host and port that clients used to reach this registry, for the absolute
 * URLs in {@code Location} and {@code Link} headers.
 */
@FunctionalInterface
public interface ExternalUrls {

  /** Returns the base URL without a trailing slash, such as {@code https://registry.example}. */
  String baseUrl(Request request);
}
