package dev.berth.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.OciFormatException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every path under {@code /v2/}: routes the request to the handler of its resource and
 * turns any {@link RegistryException} into the distribution spec's JSON error body.
 */
public final class RegistryHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();


  private final ExternalUrls urls;
  private final BlobHandler blobs;
  private final UploadHandler uploads;
  private final ManifestHandler manifests;
  private final ListingHandler listing;
  private final ReferrersHandler referrers;

  RegistryHandler(Registry registry, ExternalUrls urls) {
    this.urls = urls;
    this.blobs = new BlobHandler(registry.blobs());
    this.uploads = new UploadHandler(registry.uploads(), registry.blobs());
    this.manifests = new ManifestHandler(registry.manifests(), registry.pullLimiter());
    this.listing = new ListingHandler(registry.listing());
    this.referrers = new ReferrersHandler(registry.referrers());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.startsWith("/v2")) {
      return false;
    }
    response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
    Exchange exchange = new Exchange(request, response, callback, urls);
    try {
      rejectDotSegments(request);
      route(exchange, path);
    } catch (RegistryException e) {
      sendError(exchange, e.code(), e.getMessage(), e.headers());
    } catch (OciFormatException e) {
      sendError(exchange, ErrorCode.NAME_INVALID, e.getMessage(), Map.of());
    } catch (IOException | RuntimeException e) {
      if (isConnectionLost(e)) {
        // The client went away, or the transfer timed out or outlasted the shutdown grace.
        LOG.atInfo()
            .addKeyValue("method", request.getMethod())
            .addKeyValue("path", path)
            .addKeyValue("reason", e.toString())
            .log("request aborted");
        callback.failed(e);
        return true;
      }
      LOG.atError().addKeyValue("method", request.getMethod()).addKeyValue("path", path)
          .setCause(e).log("request failed");
      if (response.isCommitted()) {
        callback.failed(e);
      } else {
        sendError(exchange, null, "internal error; the server log has the details", Map.of());
      }
    }
    return true;
  }

  /**
   * Rejects raw paths with empty, {@code .} or {@code ..} segments (also percent-encoded): Jetty
   * normalises them away, which would let {@code /v2/a/../b} reach repository {@code b}.
   */
  private static void rejectDotSegments(Request request) {
    String raw = request.getHttpURI().getPath();
    String[] segments = raw.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String decoded = segments[i].replace("%2e", ".").replace("%2E", ".");
      boolean trailing = i == segments.length - 1;
      if ((decoded.isEmpty() && !trailing) || decoded.equals(".") || decoded.equals("..")) {
        throw new RegistryException(
            ErrorCode.NAME_INVALID,
            "path " + raw + " has an empty, '.' or '..' segment; repository names have none");
      }
    }
  }

  /** Bodies up to this size are read and discarded before an error is sent. */
  private static final long MAX_DRAINED_BYTES = 16L * 1024 * 1024;

  /**
   * Reads and discards a small unread request body, so a client still sending it (a manifest
   * over the size limit, say) receives the error instead of a connection reset. Larger or chunked
   * bodies are left to Jetty, which closes the connection.
   */
  private static void drainSmallBody(Request request) {
    long length = request.getLength();
    if (length <= 0 || length > MAX_DRAINED_BYTES) {
      return;
    }
    try {
      org.eclipse.jetty.io.Content.Source.consumeAll(request);
    } catch (IOException e) {
      LOG.atDebug().setCause(e).log("failed to drain the request body before an error");
    }
  }

  private static boolean isConnectionLost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EofException
          || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private void route(Exchange exchange, String path) throws IOException {
    Matcher m;
    if (Routes.BASE.matcher(path).matches()) {
      base(exchange);
    } else if (Routes.CATALOG.matcher(path).matches()) {
      listing.catalog(exchange);
    } else if ((m = Routes.TAGS.matcher(path)).matches()) {
      listing.tags(exchange, Routes.name(m.group(1)));
    } else if ((m = Routes.MANIFEST.matcher(path)).matches()) {
      manifests.handle(exchange, Routes.name(m.group(1)), Routes.reference(m.group(2)));
    } else if ((m = Routes.UPLOAD_START.matcher(path)).matches()) {
      uploads.start(exchange, Routes.name(m.group(1)));
    } else if ((m = Routes.UPLOAD.matcher(path)).matches()) {
      uploads.session(exchange, Routes.name(m.group(1)), m.group(2));
    } else if ((m = Routes.BLOB.matcher(path)).matches()) {
      blobs.handle(exchange, Routes.name(m.group(1)), Routes.digest(m.group(2)));
    } else if ((m = Routes.REFERRERS.matcher(path)).matches()) {
      referrers.handle(exchange, Routes.name(m.group(1)), Routes.digest(m.group(2)));
    } else {
      throw new RegistryException(
          ErrorCode.NOT_FOUND, "no registry endpoint at " + path + "; check the URL");
    }
  }

  private static void base(Exchange exchange) {
    if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
      throw Routes.methodNotAllowed(exchange, "GET, HEAD");
    }
    exchange.send(200, "application/json", new byte[] {'{', '}'});
  }

  /** Writes the error body {@code {"errors":[{"code","message","detail"}]}}; null means 500. */
  private void sendError(
      Exchange exchange, ErrorCode code, String message, Map<String, String> headers) {
    Response response = exchange.response();
    if (response.isCommitted()) {
      exchange.fail(new IOException("response already committed: " + message));
      return;
    }
    drainSmallBody(exchange.request());
    ObjectNode body = JSON.createObjectNode();
    ArrayNode errors = body.putArray("errors");
    ObjectNode error = errors.addObject();
    error.put("code", code == null ? "UNKNOWN" : code.wireCode());
    error.put("message", message);
    error.putObject("detail");
    headers.forEach(
        (name, value) ->
            exchange.setHeader(name, name.equals("Location") ? exchange.url(value) : value));
    if (code != null && code.status() < 500) {
      LOG.atDebug().addKeyValue("code", code.wireCode()).log(message);
    }
    try {
      byte[] bytes = JSON.writeValueAsBytes(body);
      response.setStatus(code == null ? 500 : code.status());
      exchange.setHeader("Content-Type", "application/json");
      exchange.setHeader("Content-Length", Integer.toString(bytes.length));
      if (exchange.isHead()) {
        exchange.writeBlocking(true, null);
      } else {
        exchange.writeBlocking(true, java.nio.ByteBuffer.wrap(bytes));
      }
      exchange.complete();
    } catch (IOException e) {
      exchange.fail(e);
    }
  }
}
