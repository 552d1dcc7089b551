package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its response, with the blocking helpers the registry handlers need. Handlers
 * run on virtual threads, so blocking reads and writes are the plain way to stream.
 */
final class Exchange {

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final ExternalUrls urls;
  private Fields query;
  private boolean bodyEnded;

  Exchange(Request request, Response response, Callback callback, ExternalUrls urls) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.urls = urls;
  }

  Request request() {
    return request;
  }

  Response response() {
    return response;
  }

  String method() {
    return request.getMethod();
  }

  boolean isHead() {
    return "HEAD".equals(request.getMethod());
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name)).filter(v -> !v.isEmpty());
  }

  /** Returns the first value of a query parameter; throws QUERY_INVALID for bad percent-encoding. */
  Optional<String> query(String name) {
    if (query == null) {
      try {
        query = QueryParameters.parse(request);
      } catch (QueryParameters.InvalidEncodingException e) {
        throw new RegistryException(ErrorCode.QUERY_INVALID, e.getMessage());
      }
    }
    return Optional.ofNullable(query.getValue(name));
  }

  /** Returns the request's declared body length, when it sent {@code Content-Length}. */
  Optional<Long> contentLength() {
    long length = request.getLength();
    return length >= 0 ? Optional.of(length) : Optional.empty();
  }

  /** Returns whether the request carries a body: a positive length, or chunked encoding. */
  boolean hasBody() {
    long length = request.getLength();
    return length > 0 || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
  }

  /** Returns the request body as a stream; the request's end ends the stream. */
  InputStream body() {
    return Content.Source.asInputStream(request);
  }

  /**
   * Returns the request body as the buffers Jetty received, for streaming it to storage without
   * a copy. The body can be read once.
   */
  UploadBody uploadBody() {
    return sink -> {
      long total = 0;
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          try (Blocker.Runnable blocker = Blocker.runnable()) {
            request.demand(blocker);
            blocker.block();
          }
          continue;
        }
        try {
          if (Content.Chunk.isFailure(chunk)) {
            Throwable failure = chunk.getFailure();
            throw failure instanceof IOException io ? io : new IOException(failure);
          }
          ByteBuffer bytes = chunk.getByteBuffer();
          total += bytes.remaining();
          if (bytes.hasRemaining()) {
            sink.accept(new JettyChunk(chunk));
          }
        } finally {
          chunk.release();
        }
        if (chunk.isLast()) {
          bodyEnded = true;
          return total;
        }
      }
    };
  }

  /** A request body chunk of Jetty's, retained through its reference count. */
  private record JettyChunk(Content.Chunk chunk) implements UploadBody.Chunk {
    @Override
    public ByteBuffer bytes() {
      return chunk.getByteBuffer();
    }

    @Override
    public void retain() {
      chunk.retain();
    }

    @Override
    public void release() {
      chunk.release();
    }
  }

  /**
   * Ends a request body that was not read to its end, the way closing Jetty's body stream does:
   * Jetty then neither sends {@code 100 Continue} for it nor waits for the rest of it.
   */
  void discardUnreadBody() throws IOException {
    if (!bodyEnded) {
      Content.Source.asInputStream(request).close();
    }
  }

  /** Reads the whole body, failing with {@code tooLarge} once it passes {@code maxBytes}. */
  byte[] readBody(long maxBytes, java.util.function.LongFunction<RegistryException> tooLarge)
      throws IOException {
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw tooLarge.apply(declared);
    }
    try (InputStream in = body()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        // A chunked body is read only one byte past the limit, so its full size is unknown.
        throw tooLarge.apply(-1);
      }
      return bytes;
    }
  }

  /** Returns the absolute URL of {@code path}, which starts with a slash. */
  String url(String path) {
    return urls.baseUrl(request) + path;
  }

  void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  void setHeader(HttpHeader name, String value) {
    response.getHeaders().put(name, value);
  }

  void setHeader(HttpField field) {
    response.getHeaders().put(field);
  }

  /** Sends {@code status} with no body and completes the exchange. */
  void send(int status) {
    response.setStatus(status);
    if (status != 204 && status != 304) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    }
    response.write(true, null, callback);
  }

  /**
   * Sends {@code body} with its length and type and completes the exchange; HEAD requests get the
   * same headers and no body.
   */
  void send(int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    if (isHead()) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /** Writes {@code buffer} and blocks until it is written; {@code last} ends the response. */
  void writeBlocking(boolean last, ByteBuffer buffer) throws IOException {
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(last, buffer, blocker);
      blocker.block();
    }
  }

  /** Completes the exchange after a streamed body has been written in full. */
  void complete() {
    callback.succeeded();
  }

  void fail(Throwable failure) {
    callback.failed(failure);
  }
}
