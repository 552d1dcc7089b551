package dev.berth.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inclusive byte range of a chunk in a PATCH's {@code Content-Range} header, written {@code
 * START-END} by registry clients (and {@code bytes START-END/TOTAL} by a few).
 */
record ContentRange(long start, long end) {

  private static final Pattern FORM = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

  static ContentRange parse(String header) {
    Matcher m = FORM.matcher(header.trim());
    if (!m.matches()) {
      throw new RegistryException(
          ErrorCode.BLOB_UPLOAD_INVALID,
          "Content-Range '" + header + "' is invalid; use START-END with inclusive byte offsets");
    }
    long start;
    long end;
    try {
      start = Long.parseLong(m.group(1));
      end = Long.parseLong(m.group(2));
    } catch (NumberFormatException e) {
      throw new RegistryException(
          ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range '" + header + "' has offsets out of range");
    }
    if (end < start) {
      throw new RegistryException(
          ErrorCode.BLOB_UPLOAD_INVALID,
          "Content-Range '" + header + "' ends before it starts; use START-END with END >= START");
    }
    return new ContentRange(start, end);
  }

  long length() {
    return end - start + 1;
  }
}
