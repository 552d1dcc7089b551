package dev.berth.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The stylesheet, script and icons under {@code /static/}, loaded from {@code web/static/} on the
 * class path at start-up. Pages link each file with {@code ?v=} and a digest of its bytes, so a
 * browser may cache it for a year and fetches it again only after an upgrade changes the bytes.
 */
final class StaticAssets {

  static final String PREFIX = "/static/";

  private static final List<String> FILES =
      List.of("berth.css", "berth.js", "favicon.svg");

  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml");

  private record Asset(byte[] bytes, String contentType, String version) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  StaticAssets() {
    for (String name : FILES) {
      byte[] bytes = read(name);
      String extension = name.substring(name.lastIndexOf('.') + 1);
      String version = sha256Hex(bytes).substring(0, 12);
      assets.put(name, new Asset(bytes, CONTENT_TYPES.get(extension), version));
    }
  }

  private static byte[] read(String name) {
    String resource = "web/static/" + name;
    try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("static file " + resource + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read static file " + resource, e);
    }
  }

  /** Returns the URL of {@code name} with its version, such as {@code /static/berth.css?v=…}. */
  String url(String name) {
    Asset asset = assets.get(name);
    if (asset == null) {
      throw new IllegalArgumentException("static file " + name + " is not in " + FILES);
    }
    return PREFIX + name + "?v=" + asset.version;
  }

  /** Serves {@code path} when it names a static file; returns false to decline. */
  boolean serve(Request request, Response response, Callback callback, String path) {
    Optional<Asset> found = Optional.ofNullable(assets.get(path.substring(PREFIX.length())));
    if (found.isEmpty()) {
      return false;
    }
    Asset asset = found.get();
    String etag = "\"" + asset.version + "\"";
    var headers = response.getHeaders();
    headers.put(HttpHeader.ETAG, etag);
    headers.put("X-Content-Type-Options", "nosniff");
    boolean versioned = asset.version.equals(Request.extractQueryParameters(request).getValue("v"));
    headers.put(
        HttpHeader.CACHE_CONTROL,
        versioned ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate");
    if (etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      callback.succeeded();
      return true;
    }
    headers.put(HttpHeader.CONTENT_TYPE, asset.contentType);
    headers.put(HttpHeader.CONTENT_LENGTH, asset.bytes.length);
    response.setStatus(HttpStatus.OK_200);
    if (request.getMethod().equals("HEAD")) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(asset.bytes), callback);
    }
    return true;
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
