package dev.berth.registry;

import dev.berth.oci.OciFormatException;
import dev.berth.oci.RepositoryName;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The permission a request under {@code /v2/} requires, derived from its route. */
public sealed interface RequiredAccess {

  /** {@code /v2/} itself: any authenticated caller; clients use it to discover the challenge. */
  record Base() implements RequiredAccess {}

  /** {@code /v2/_catalog}: the {@code registry:catalog:*} scope. */
  record Catalog() implements RequiredAccess {}

  /**
   * A repository endpoint and the token-spec actions it needs, such as {@code pull} or {@code
   * pull,push}.
   */
  record Repository(RepositoryName name, Set<String> actions) implements RequiredAccess {
    public Repository {
      actions = Set.copyOf(actions);
    }
  }

  /** A path the registry serves without any permission: unknown endpoints and invalid names. */
  record None() implements RequiredAccess {}

  /** Returns the access a {@code method} on {@code path} needs. */
  static RequiredAccess of(String method, String path) {
    if (Routes.BASE.matcher(path).matches()) {
      return new Base();
    }
    if (Routes.CATALOG.matcher(path).matches()) {
      return new Catalog();
    }
    boolean read = method.equals("GET") || method.equals("HEAD");
    Matcher m;
    if ((m = Routes.TAGS.matcher(path)).matches() || (m = Routes.REFERRERS.matcher(path)).matches()) {
      return repository(m.group(1), Set.of("pull"));
    }
    if ((m = Routes.MANIFEST.matcher(path)).matches()
        || ((m = Routes.BLOB.matcher(path)).matches() && !isUploadPath(path))) {
      if (read) {
        return repository(m.group(1), Set.of("pull"));
      }
      return method.equals("DELETE")
          ? repository(m.group(1), Set.of("delete"))
          : repository(m.group(1), Set.of("pull", "push"));
    }
    if ((m = Routes.UPLOAD_START.matcher(path)).matches()
        || (m = Routes.UPLOAD.matcher(path)).matches()) {
      return repository(m.group(1), Set.of("pull", "push"));
    }
    return new None();
  }

  private static boolean isUploadPath(String path) {
    return Routes.UPLOAD_START.matcher(path).matches() || Routes.UPLOAD.matcher(path).matches();
  }

  private static RequiredAccess repository(String name, Set<String> actions) {
    try {
      return new Repository(RepositoryName.parse(name), actions);
    } catch (OciFormatException e) {
      return new None();
    }
  }

  /** Returns the repository this access is about, if any. */
  default Optional<RepositoryName> repositoryName() {
    return this instanceof Repository r ? Optional.of(r.name()) : Optional.empty();
  }
}
