package dev.berth.oci;

import java.util.regex.Pattern;

/**
 * A tag such as {@code latest}: up to 128 characters of letters, digits, {@code _}, {@code .} and
 * {@code -}, not starting with {@code .} or {@code -}.
 *
 * @param value the tag as written on the wire
 */
public record Tag(String value) implements Comparable<Tag> {

  private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public Tag {
    if (!GRAMMAR.matcher(value).matches()) {
      throw new OciFormatException(
          OciFormatException.Kind.TAG,
          "tag '"
              + value
              + "' is invalid; use 1 to 128 letters, digits, '_', '.' or '-', not starting with"
              + " '.' or '-'");
    }
  }

  public static Tag parse(String value) {
    return new Tag(value);
  }

  @Override
  public int compareTo(Tag other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
