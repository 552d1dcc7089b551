package dev.berth.auth.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Maps a method and a path to a {@link Route}. A template such as {@code
 * /api/v2/orgs/{org}/members/{user}} matches one path segment per parameter; a last parameter
 * written {@code {repo+}} takes the rest of the path, slashes included, for repository names and
 * lock keys. When several templates match, the one with the most literal segments wins. Routes are
 * added while wiring and only read afterwards, so a built router is safe to share.
 */
public final class Router {

  /**
   * One route.
   *
   * @param method the HTTP method, upper case
   * @param template the path as the OpenAPI description writes it, such as {@code
   *     /api/v2/orgs/{org}}; a rest parameter appears as {@code {repo}}
   * @param access who may call it
   * @param endpoint what it does
   */
  public record Route(
      String method, String template, Access access, Endpoint endpoint, List<String> segments) {

    int literalCount() {
      return (int) segments.stream().filter(s -> !s.startsWith("{")).count();
    }
  }

  /**
   * A route with the path parameters it matched. The values are as Jetty left them in the path,
   * which keeps some escapes such as {@code %2F} and {@code %25}; {@link #decode} finishes them.
   */
  public record Match(Route route, Map<String, String> parameters) {}

  /** The outcome of a lookup: a match, or the methods the path allows (empty for no route). */
  public record Lookup(Optional<Match> match, List<String> allowedMethods) {}

  private final List<Route> routes = new ArrayList<>();

  /**
   * Returns a path parameter with its remaining percent escapes decoded, so {@code %2F} becomes a
   * slash. Jetty keeps {@code %25} escaped, so decoding once more cannot decode a value twice.
   *
   * @throws IllegalArgumentException when an escape is malformed
   */
  public static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * Adds a route.
   *
   * @throws IllegalArgumentException when the template is malformed or the method and template are
   *     taken
   */
  public void add(String method, String template, Access access, Endpoint endpoint) {
    List<String> segments = List.of(template.substring(1).split("/", -1));
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("route template has an empty segment: " + template);
      }
      if (segment.endsWith("+}") && i != segments.size() - 1) {
        throw new IllegalArgumentException(
            "only the last parameter may take the rest: " + template);
      }
    }
    String documented = template.replace("+}", "}");
    for (Route route : routes) {
      if (route.method().equals(method) && route.template().equals(documented)) {
        throw new IllegalArgumentException("route added twice: " + method + " " + documented);
      }
    }
    routes.add(new Route(method, documented, access, endpoint, segments));
  }

  /** Returns every route, in the order they were added. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** Finds the route for {@code method} and the decoded {@code path}. */
  public Lookup find(String method, String path) {
    if (!path.startsWith("/")) {
      return new Lookup(Optional.empty(), List.of());
    }
    String[] parts = path.substring(1).split("/", -1);
    List<Match> matches = new ArrayList<>();
    for (Route route : routes) {
      match(route, parts).ifPresent(matches::add);
    }
    TreeSet<String> allowed = new TreeSet<>();
    matches.forEach(m -> allowed.add(m.route().method()));
    Optional<Match> best =
        matches.stream()
            .filter(m -> m.route().method().equals(method))
            .max(Comparator.comparingInt(m -> m.route().literalCount()));
    return new Lookup(best, List.copyOf(allowed));
  }

  private static Optional<Match> match(Route route, String[] parts) {
    List<String> segments = route.segments();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (i >= parts.length) {
        return Optional.empty();
      }
      if (segment.endsWith("+}")) {
        String rest = String.join("/", List.of(parts).subList(i, parts.length));
        if (rest.isEmpty() || List.of(parts).subList(i, parts.length).contains("")) {
          return Optional.empty();
        }
        parameters.put(segment.substring(1, segment.length() - 2), rest);
        return Optional.of(new Match(route, parameters));
      }
      if (segment.startsWith("{")) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        parameters.put(segment.substring(1, segment.length() - 1), parts[i]);
      } else if (!segment.equals(parts[i])) {
        return Optional.empty();
      }
    }
    return parts.length == segments.size()
        ? Optional.of(new Match(route, parameters))
        : Optional.empty();
  }
}
