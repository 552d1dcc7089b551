package dev.berth.registry;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * Parses a request's query string, turning Jetty's unchecked failure on bad percent-encoding (such
 * as {@code ?page=%ZZ}) into a checked exception that names the parameter. Every room that reads
 * query parameters uses it, so the client gets a 400 in that room's error format instead of a 500.
 */
public final class QueryParameters {

  private QueryParameters() {}

  /** A query string whose percent-encoding or UTF-8 is invalid. */
  public static final class InvalidEncodingException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    InvalidEncodingException(String parameter) {
      super(
          "query parameter '"
              + parameter
              + "' has invalid percent-encoding; encode each reserved or non-ASCII character as %"
              + " and two hex digits of its UTF-8 bytes");
      this.parameter = parameter;
    }

    /** Returns the raw name of the parameter that failed to decode, as the client sent it. */
    public String parameter() {
      return parameter;
    }
  }

  /**
   * Returns the decoded query parameters of {@code request}.
   *
   * @throws InvalidEncodingException when a name or value has a {@code %} not followed by two hex
   *     digits, or decodes to invalid UTF-8
   */
  public static Fields parse(Request request) throws InvalidEncodingException {
    try {
      return Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(offendingName(request.getHttpURI().getQuery()));
    }
  }

  /** Returns the raw name of the first parameter that does not decode. */
  private static String offendingName(String rawQuery) {
    if (rawQuery == null) {
      return "";
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      try {
        UrlEncoded.decodeString(pair);
      } catch (IllegalArgumentException e) {
        try {
          return UrlEncoded.decodeString(name);
        } catch (IllegalArgumentException nameAlsoInvalid) {
          return name;
        }
      }
    }
    // Jetty rejected the query as a whole, but no single pair fails on its own.
    return rawQuery;
  }
}
