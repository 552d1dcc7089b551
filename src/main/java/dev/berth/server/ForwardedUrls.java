package dev.berth.server;

import dev.berth.registry.ExternalUrls;
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

  private final Optional<String> externalUrl;
  private final List<Cidr> trustedProxies;

  ForwardedUrls(Optional<URI> externalUrl, List<String> trustedProxies) {
    this.externalUrl = externalUrl.map(u -> stripTrailingSlash(u.toString()));
    this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
  }

  @Override
  public String baseUrl(Request request) {
    if (externalUrl.isPresent()) {
      return externalUrl.get();
    }
    if (fromTrustedProxy(request)) {
      String proto = first(request.getHeaders().get("X-Forwarded-Proto"));
      String host = first(request.getHeaders().get("X-Forwarded-Host"));
      if (host != null && !host.isEmpty()) {
        String scheme = proto == null || proto.isEmpty() ? "https" : proto;
        return scheme + "://" + host;
      }
    }
    HttpURI uri = request.getHttpURI();
    String scheme = request.isSecure() ? "https" : "http";
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
    String address = Request.getRemoteAddr(request);
    return trustedProxies.stream().anyMatch(c -> c.contains(address));
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
