package dev.berth.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page routes: a method, a path pattern whose {@code {name}} segments match one non-empty
 * segment, whether the page needs a signed-in user, and the page. The first match wins.
 */
final class Routes {

  /** The visitors who may open a route. */
  enum Audience {
    /** Anyone; the page may look different when signed in. */
    ANYONE,
    /** Signed-in users; others are sent to the sign-in page and back. */
    SIGNED_IN
  }

  record Route(String method, String[] segments, Audience audience, Page page) {}

  record Match(Route route, Map<String, String> parameters) {}

  private final List<Route> routes = new ArrayList<>();

  void get(String pattern, Audience audience, Page page) {
    add("GET", pattern, audience, page);
  }

  void post(String pattern, Audience audience, Page page) {
    add("POST", pattern, audience, page);
  }

  private void add(String method, String pattern, Audience audience, Page page) {
    routes.add(new Route(method, split(pattern), audience, page));
  }

  /** Returns the route for {@code method} and {@code path}; HEAD matches GET routes. */
  Optional<Match> find(String method, String path) {
    String wanted = method.equals("HEAD") ? "GET" : method;
    String[] segments = split(path);
    for (Route route : routes) {
      if (!route.method.equals(wanted) || route.segments.length != segments.length) {
        continue;
      }
      Optional<Map<String, String>> parameters = match(route.segments, segments);
      if (parameters.isPresent()) {
        return Optional.of(new Match(route, parameters.get()));
      }
    }
    return Optional.empty();
  }

  /** Returns whether any route has {@code path} with another method, for 405 versus 404. */
  boolean hasPath(String path) {
    String[] segments = split(path);
    return routes.stream()
        .anyMatch(r -> r.segments.length == segments.length && match(r.segments, segments).isPresent());
  }

  private static Optional<Map<String, String>> match(String[] pattern, String[] segments) {
    Map<String, String> parameters = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String part = pattern[i];
      if (part.startsWith("{") && part.endsWith("}")) {
        if (segments[i].isEmpty()) {
          return Optional.empty();
        }
        parameters.put(part.substring(1, part.length() - 1), segments[i]);
      } else if (!part.equals(segments[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }

  private static String[] split(String path) {
    String trimmed = path.equals("/") ? "" : path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }
}
