package dev.berth.auth;

import dev.berth.oci.OciFormatException;
import dev.berth.oci.RepositoryName;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One {@code scope} of the Docker token spec, such as {@code repository:team/app:pull,push} or
 * {@code registry:catalog:*}. Also what a token grants: the same type, name and actions.
 *
 * @param type {@code repository} or {@code registry}
 * @param name a repository name, or {@code catalog}
 * @param actions the actions requested or granted, in request order
 */
public record ResourceScope(String type, String name, Set<String> actions) {

  public static final String REPOSITORY = "repository";
  public static final String REGISTRY = "registry";
  public static final String CATALOG = "catalog";

  public ResourceScope {
    actions = Set.copyOf(new LinkedHashSet<>(actions));
  }

  /**
   * Parses one scope string. The name may contain colons only before a tag-like suffix, so the
   * type is split off the front and the actions off the back.
   *
   * @throws IllegalArgumentException when the scope is malformed; the message names it
   */
  public static ResourceScope parse(String value) {
    int first = value.indexOf(':');
    int last = value.lastIndexOf(':');
    if (first <= 0 || last <= first) {
      throw new IllegalArgumentException(
          "scope '" + value + "' is invalid; use TYPE:NAME:ACTIONS such as repository:team/app:pull");
    }
    String type = value.substring(0, first);
    // The token spec allows a resource class in brackets, as in repository(plugin).
    int bracket = type.indexOf('(');
    if (bracket > 0 && type.endsWith(")")) {
      type = type.substring(0, bracket);
    }
    String name = value.substring(first + 1, last);
    Set<String> actions = new LinkedHashSet<>();
    for (String action : value.substring(last + 1).split(",")) {
      if (!action.isBlank()) {
        actions.add(action.trim());
      }
    }
    if (type.equals(REPOSITORY)) {
      try {
        RepositoryName.parse(name);
      } catch (OciFormatException e) {
        throw new IllegalArgumentException("scope '" + value + "': " + e.getMessage(), e);
      }
    }
    return new ResourceScope(type, name, actions);
  }

  /** Returns the repository this scope names, for {@code repository} scopes. */
  public java.util.Optional<RepositoryName> repository() {
    return type.equals(REPOSITORY)
        ? java.util.Optional.of(RepositoryName.parse(name))
        : java.util.Optional.empty();
  }

  @Override
  public String toString() {
    return type + ":" + name + ":" + String.join(",", actions);
  }
}
