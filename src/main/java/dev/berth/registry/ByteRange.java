package dev.berth.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single satisfiable byte range of a blob GET, resolved against the blob's size.
 *
 * @param start the first byte, inclusive
 * @param end the last byte, inclusive
 */
record ByteRange(long start, long end) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /**
   * Resolves a {@code Range} header against a blob of {@code size} bytes. Returns empty when the
   * header asks for something this registry serves whole instead (several ranges, or a form it
   * does not know), as RFC 9110 allows.
   *
   * @throws RegistryException BLOB_RANGE_INVALID when the range lies outside the blob
   */
  static Optional<ByteRange> resolve(String header, long size) {
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    long start;
    long end;
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        start = Math.max(0, size - suffix);
        end = size - 1;
        if (suffix == 0) {
          throw unsatisfiable(header, size);
        }
      } else {
        start = Long.parseLong(m.group(1));
        end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
          return Optional.empty();
        }
      }
    } catch (NumberFormatException e) {
      throw unsatisfiable(header, size);
    }
    if (start >= size || end < start) {
      throw unsatisfiable(header, size);
    }
    return Optional.of(new ByteRange(start, end));
  }

  long length() {
    return end - start + 1;
  }

  private static RegistryException unsatisfiable(String header, long size) {
    return new RegistryException(
        ErrorCode.BLOB_RANGE_INVALID,
        "Range '" + header + "' lies outside the blob of " + size + " bytes",
        java.util.Map.of("Content-Range", "bytes */" + size));
  }
}
