package dev.berth.oci;

import java.util.regex.Pattern;

/**
 * A repository name such as {@code library/busybox}: path components of lower-case letters and
 * digits joined by separators ({@code .}, {@code _}, {@code __}, {@code -}), at most 255
 * characters, as the OCI distribution specification defines it.
 *
 * @param value the name as written on the wire
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

  /** Maximum length of a repository name, the limit CNCF Distribution also enforces. */
  public static final int MAX_LENGTH = 255;

  private static final Pattern GRAMMAR =
      Pattern.compile(
          "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

  public RepositoryName {
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new OciFormatException(
          OciFormatException.Kind.NAME,
          "repository name '"
              + value
              + "' is invalid; it must be 1 to "
              + MAX_LENGTH
              + " characters long");
    }
    if (!GRAMMAR.matcher(value).matches()) {
      throw new OciFormatException(
          OciFormatException.Kind.NAME,
          "repository name '"
              + value
              + "' is invalid; use path components of lower-case letters and digits"
              + " separated by '.', '_', '__' or '-', joined by '/'");
    }
  }

  public static RepositoryName parse(String value) {
    return new RepositoryName(value);
  }

  @Override
  public int compareTo(RepositoryName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
