package dev.berth.registry;

import java.util.Map;

/**
 * A failure a registry client should see: an error code and a message naming the offending value
 * and, where there is one, the fix.
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient Map<String, String> headers;

  public RegistryException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  /** Creates an exception whose response also carries {@code headers}, such as {@code Range}. */
  public RegistryException(ErrorCode code, String message, Map<String, String> headers) {
    super(message);
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  public ErrorCode code() {
    return code;
  }

  /** Returns extra response headers, such as the current {@code Range} of an upload. */
  public Map<String, String> headers() {
    return headers;
  }
}
