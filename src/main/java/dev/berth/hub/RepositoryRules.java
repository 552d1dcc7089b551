package dev.berth.hub;

import dev.berth.oci.OciFormatException;
import dev.berth.oci.RepositoryName;
import java.util.Optional;

/**
 * Limits and name rules of hub repositories. Descriptions follow Docker Hub: a short description of
 * at most 100 characters and a Markdown overview of at most 25,000. Characters are Unicode code
 * points, so a CJK or emoji character counts once.
 */
public final class RepositoryRules {

  /** The maximum number of characters in a short description. */
  public static final int MAX_DESCRIPTION = 100;

  /** The maximum number of characters in a full description (the Markdown overview). */
  public static final int MAX_FULL_DESCRIPTION = 25_000;

  /** The namespace Docker Hub shows for one-component names such as {@code alpine}. */
  public static final String LIBRARY = "library";

  private RepositoryRules() {}

  /**
   * Returns the repository {@code namespace}/{@code name}.
   *
   * @throws HubException INVALID naming the field and the rule when either part is malformed
   */
  public static RepositoryName nameOf(String namespace, String name) {
    if (namespace.isEmpty() || namespace.contains("/") || !isValid(namespace)) {
      throw HubException.invalid(
          "namespace '"
              + namespace
              + "' is invalid; use one path component of lower-case letters, digits and"
              + " separators (., _, __, -), such as acme");
    }
    // Length first, because isValid also fails on a long name and its message omits the limit.
    String full = namespace + "/" + name;
    if (full.length() > RepositoryName.MAX_LENGTH) {
      throw HubException.invalid(
          "repository name '"
              + full
              + "' has "
              + full.length()
              + " characters; namespace and name together may have at most "
              + RepositoryName.MAX_LENGTH);
    }
    if (!isValid(name)) {
      throw HubException.invalid(
          "repository name '"
              + name
              + "' is invalid; use lower-case letters, digits and separators (., _, __, -),"
              + " with / between path components, such as app or team/app");
    }
    return RepositoryName.parse(full);
  }

  /**
   * Checks a namespace: one path component, as the first part of a repository name.
   *
   * @throws HubException INVALID naming the value and the rule
   */
  public static String checkNamespace(String namespace) {
    nameOf(namespace, "x");
    return namespace;
  }

  /**
   * Checks a short description.
   *
   * @throws HubException INVALID when it is over {@value #MAX_DESCRIPTION} characters
   */
  public static String checkDescription(String description) {
    int length = description.codePointCount(0, description.length());
    if (length > MAX_DESCRIPTION) {
      throw HubException.invalid(
          "field 'description' has "
              + length
              + " characters; it may have at most "
              + MAX_DESCRIPTION
              + ", so put longer text in full_description");
    }
    return description;
  }

  /**
   * Checks a full description.
   *
   * @throws HubException INVALID when it is over {@value #MAX_FULL_DESCRIPTION} characters
   */
  public static String checkFullDescription(String fullDescription) {
    int length = fullDescription.codePointCount(0, fullDescription.length());
    if (length > MAX_FULL_DESCRIPTION) {
      throw HubException.invalid(
          "field 'full_description' has "
              + length
              + " characters; it may have at most "
              + MAX_FULL_DESCRIPTION);
    }
    return fullDescription;
  }

  /** Returns the namespace shown for {@code name}; see {@link RepositoryInfo#namespace()}. */
  static String displayNamespace(RepositoryName name) {
    String value = name.value();
    int slash = value.indexOf('/');
    return slash < 0 ? LIBRARY : value.substring(0, slash);
  }

  /** Returns the name below the shown namespace. */
  static String displayName(RepositoryName name) {
    String value = name.value();
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(slash + 1);
  }

  /** Returns the namespace that owns {@code name}: its first component, as the authorizer uses. */
  static String ownerNamespace(RepositoryName name) {
    String value = name.value();
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(0, slash);
  }

  /**
   * Returns the one-component name a path {@code library/NAME} stands for, since Docker Hub shows
   * {@code alpine} as {@code library/alpine}; empty when the path is not of that form.
   */
  static Optional<RepositoryName> officialAlias(String namespace, String name) {
    if (!namespace.equals(LIBRARY) || name.contains("/") || !isValid(name)) {
      return Optional.empty();
    }
    return Optional.of(RepositoryName.parse(name));
  }

  private static boolean isValid(String name) {
    try {
      RepositoryName.parse(name);
      return true;
    } catch (OciFormatException e) {
      return false;
    }
  }
}
