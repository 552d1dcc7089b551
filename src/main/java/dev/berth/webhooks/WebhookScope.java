package dev.berth.webhooks;

import dev.berth.oci.RepositoryName;

/**
 * The target a webhook watches: one repository, or every repository of a namespace.
 *
 * @param kind repository or namespace
 * @param name the full repository name, such as {@code acme/app}, or the namespace, such as {@code
 *     acme}
 */
public record WebhookScope(Kind kind, String name) {

  /** Kinds of scope; the wire name is stored in {@code webhooks.scope_kind}. */
  public enum Kind {
    REPOSITORY("repository"),
    NAMESPACE("namespace");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static Kind fromWireName(String name) {
      for (Kind kind : values()) {
        if (kind.wireName.equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown webhook scope kind " + name);
    }
  }

  public static WebhookScope repository(RepositoryName repository) {
    return new WebhookScope(Kind.REPOSITORY, repository.value());
  }

  public static WebhookScope namespace(String namespace) {
    return new WebhookScope(Kind.NAMESPACE, namespace);
  }

  /**
   * Returns the namespace of {@code repository}: its first path component, such as {@code acme} for
   * {@code acme/tools/builder}. A one-component name is its own namespace.
   */
  public static String namespaceOf(RepositoryName repository) {
    String value = repository.value();
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(0, slash);
  }

  @Override
  public String toString() {
    return kind.wireName + " " + name;
  }
}
