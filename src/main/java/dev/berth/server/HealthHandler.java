package dev.berth.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code /health/live} and {@code /health/ready}: 200 while the server accepts requests. */
final class HealthHandler extends Handler.Abstract.NonBlocking {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.equals("/health/live") && !path.equals("/health/ready")) {
      return false;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap("{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
