package dev.berth.server;

import dev.berth.registry.ExternalUrls;
import dev.berth.server.config.IpRange;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Works out the base URL a client used: the configured external URL when there is one; else
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} when the request comes from a trusted
 * proxy; else the request's own scheme and {@code Host} header.
 */
final class ForwardedUrls implements ExternalUrls {

  /** A host name or IP literal (IPv6 in brackets) with an optional port, and nothing else. */
  private static final java.util.regex.Pattern FORWARDED_HOST =
      java.util.regex.Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?");

  private final Optional<String> externalUrl;
  private final List<IpRange> trustedProxies;

  ForwardedUrls(Optional<URI> externalUrl, List<String> trustedProxies) {
    this.externalUrl = externalUrl.map(u -> stripTrailingSlash(u.toString()));
    this.trustedProxies = trustedProxies.stream().map(IpRange::parse).toList();
  }

  @Override
  public String baseUrl(Request request) {
    if (externalUrl.isPresent()) {
      return externalUrl.get();
    }
    String scheme = request.isSecure() ? "https" : "http";
    if (fromTrustedProxy(request)) {
      String proto = first(request.getHeaders().get("X-Forwarded-Proto"));
      String host = first(request.getHeaders().get("X-Forwarded-Host"));
      // Only well-formed values are used, so a proxy passing client headers through cannot
      // point Location headers at another scheme or inject a path.
      boolean validProto =
          proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"));
      if (validProto) {
        scheme = proto.toLowerCase(java.util.Locale.ROOT);
      }
      if (host != null && FORWARDED_HOST.matcher(host).matches()) {
        return scheme + "://" + host;
      }
    }
    HttpURI uri = request.getHttpURI();
    String host = uri.getHost();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    int port = uri.getPort();
    boolean defaultPort =
        port <= 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  private boolean fromTrustedProxy(Request request) {
    if (trustedProxies.isEmpty()) {
      return false;
    }
    InetSocketAddress remote = remoteAddress(request);
    if (remote == null || remote.getAddress() == null) {
      return false;
    }
    return trustedProxies.stream().anyMatch(range -> range.contains(remote.getAddress()));
  }

  private static InetSocketAddress remoteAddress(Request request) {
    return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a
        : null;
  }

  private static String first(String header) {
    if (header == null) {
      return null;
    }
    int comma = header.indexOf(',');
    return (comma < 0 ? header : header.substring(0, comma)).trim();
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
