package dev.berth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes errors that Jetty raises before any handler runs (a malformed request line or URI, a
 * header too large) as the distribution spec's JSON error body instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() > 0 ? response.getStatus() : 500;
    Object cause = request.getAttribute(ERROR_MESSAGE);
    String reason = cause == null ? HttpStatus.getMessage(status) : cause.toString();
    String code =
        switch (status) {
          case 404 -> "NOT_FOUND";
          case 414, 431 -> "SIZE_INVALID";
          case 503 -> "UNAVAILABLE";
          default -> status >= 500 ? "UNKNOWN" : "INVALID_REQUEST";
        };

    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors")
        .addObject()
        .put("code", code)
        .put("message", "request rejected: " + reason + hint(status))
        .putObject("detail");
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
    if (Request.getPathInContext(request).startsWith("/v2")) {
      response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
    }
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }

  private static String hint(int status) {
    return switch (status) {
      case 400 -> "; check the request line, the Host header and the percent-encoding of the URL";
      case 414 -> "; the URL is too long, shorten it";
      case 431 -> "; the request headers are too large, send fewer or shorter headers";
      case 503 -> "; the server is shutting down, retry against another node or after restart";
      default -> "";
    };
  }
}
