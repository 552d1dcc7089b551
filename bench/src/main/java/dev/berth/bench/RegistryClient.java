package dev.berth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * The registry requests of the workloads, over one shared {@link HttpClient}. Every method checks
 * the status the OCI Distribution spec requires and throws {@link RequestFailedException} on any
 * other. Blob bodies are streamed from files or generators, never held whole in memory.
 */
final class RegistryClient {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final HttpClient http;

  RegistryClient(HttpClient http) {
    this.http = http;
  }

  HttpClient http() {
    return http;
  }

  /** Pushes {@code body} of {@code length} bytes in one {@code PUT ?digest=}; returns bytes sent. */
  long pushMonolithic(Target target, String repository, BodyPublisher body, String digest) {
    Optional<String> auth = target.authorization(Target.pushScope(repository));
    URI upload = startUpload(target, repository, auth);
    HttpRequest put =
        request(withDigest(upload, digest), auth)
            .header("Content-Type", "application/octet-stream")
            .PUT(body)
            .build();
    expect(send(put, BodyHandlers.ofString()), 201);
    return body.contentLength();
  }

  /**
   * Pushes {@code content} as {@code PATCH}es of at most {@code chunkBytes}, then a {@code PUT
   * ?digest=} whose body is {@code tail}; returns the bytes sent.
   */
  long pushChunked(
      Target target,
      String repository,
      Path content,
      long chunkBytes,
      byte[] tail,
      String digest) {
    Optional<String> auth = target.authorization(Target.pushScope(repository));
    URI location = startUpload(target, repository, auth);
    long size = size(content);
    for (long offset = 0; offset < size; offset += chunkBytes) {
      long length = Math.min(chunkBytes, size - offset);
      long start = offset;
      BodyPublisher chunk =
          BodyPublishers.fromPublisher(
              BodyPublishers.ofInputStream(() -> openRange(content, start, length)), length);
      HttpRequest patch =
          request(location, auth)
              .header("Content-Type", "application/octet-stream")
              .header("Content-Range", offset + "-" + (offset + length - 1))
              .method("PATCH", chunk)
              .build();
      HttpResponse<String> response = expect(send(patch, BodyHandlers.ofString()), 202);
      location = location(response);
    }
    HttpRequest put =
        request(withDigest(location, digest), auth)
            .header("Content-Type", "application/octet-stream")
            .PUT(BodyPublishers.ofByteArray(tail))
            .build();
    expect(send(put, BodyHandlers.ofString()), 201);
    return size + tail.length;
  }

  /**
   * Pushes a stream as one {@code PATCH} with chunked transfer encoding and the digest computed
   * while it is sent, as a client does that does not know the digest up front. Returns
   * the digest.
   */
  String pushStreamed(Target target, String repository, GeneratedBlob blob) {
    Optional<String> auth = target.authorization(Target.pushScope(repository));
    URI location = startUpload(target, repository, auth);
    HashingInputStream hashing = new HashingInputStream(blob.open());
    HttpRequest patch =
        request(location, auth)
            .header("Content-Type", "application/octet-stream")
            .method("PATCH", BodyPublishers.ofInputStream(() -> hashing))
            .build();
    location = location(expect(send(patch, BodyHandlers.ofString()), 202));
    String digest = hashing.digest();
    HttpRequest put = request(withDigest(location, digest), auth).PUT(BodyPublishers.noBody()).build();
    expect(send(put, BodyHandlers.ofString()), 201);
    return digest;
  }

  /** Pushes a small blob held in memory with {@code POST} and {@code PUT ?digest=}. */
  void pushSmall(Target target, String repository, byte[] content, String digest) {
    pushMonolithic(target, repository, BodyPublishers.ofByteArray(content), digest);
  }

  /** Links an existing blob into {@code repository} with a cross-repository mount. */
  void mount(Target target, String repository, String from, String digest) {
    Optional<String> auth =
        target.authorization(List.of(Target.pushScope(repository), Target.pullScope(from)));
    URI uri =
        target
            .base()
            .resolve(
                "/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=" + from);
    HttpRequest post = request(uri, auth).POST(BodyPublishers.noBody()).build();
    expect(send(post, BodyHandlers.ofString()), 201);
  }

  /** Puts {@code manifest} under {@code reference} (a tag or digest). */
  void putManifest(Target target, String repository, String reference, byte[] manifest) {
    Optional<String> auth = target.authorization(Target.pushScope(repository));
    URI uri = target.base().resolve("/v2/" + repository + "/manifests/" + reference);
    HttpRequest put =
        request(uri, auth)
            .header("Content-Type", SmallImage.MANIFEST_TYPE)
            .PUT(BodyPublishers.ofByteArray(manifest))
            .build();
    expect(send(put, BodyHandlers.ofString()), 201);
  }

  /** Sends {@code GET uri}, optionally with a {@code Range}, and returns the body bytes read. */
  long download(URI uri, Optional<String> auth, Optional<String> range) {
    HttpRequest.Builder builder = request(uri, auth).GET();
    range.ifPresent(r -> builder.header("Range", r));
    HttpResponse<Long> response = send(builder.build(), countingHandler());
    expect(response, range.isPresent() ? 206 : 200);
    return response.body();
  }

  /** Sends {@code GET uri} and returns the response; the caller checks the status. */
  HttpResponse<String> getText(URI uri, Optional<String> auth) {
    return send(request(uri, auth).GET().build(), BodyHandlers.ofString());
  }

  private URI startUpload(Target target, String repository, Optional<String> auth) {
    URI uri = target.base().resolve("/v2/" + repository + "/blobs/uploads/");
    HttpRequest post = request(uri, auth).POST(BodyPublishers.noBody()).build();
    return location(expect(send(post, BodyHandlers.ofString()), 202));
  }

  private static URI location(HttpResponse<?> response) {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () -> new RequestFailedException(response.request(), "no Location header"));
    return response.request().uri().resolve(location);
  }

  private static URI withDigest(URI location, String digest) {
    String separator = location.getRawQuery() == null ? "?" : "&";
    return URI.create(location + separator + "digest=" + digest);
  }

  private static HttpRequest.Builder request(URI uri, Optional<String> auth) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    auth.ifPresent(value -> builder.header("Authorization", value));
    return builder;
  }

  private <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new RequestFailedException(request, e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RequestFailedException(request, "interrupted", e);
    }
  }

  private static <T> HttpResponse<T> expect(HttpResponse<T> response, int status) {
    if (response.statusCode() != status) {
      String body = response.body() instanceof String text ? ": " + abbreviate(text) : "";
      throw new RequestFailedException(
          response.request(), "returned " + response.statusCode() + ", expected " + status + body);
    }
    return response;
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream openRange(Path file, long offset, long length) {
    try {
      InputStream in = Files.newInputStream(file, StandardOpenOption.READ);
      in.skipNBytes(offset);
      return new BoundedInputStream(in, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A body handler that counts the bytes and discards them, so the client does little work. */
  private static BodyHandler<Long> countingHandler() {
    return info -> BodySubscribers.fromSubscriber(new Counter(), Counter::total);
  }

  private static final class Counter implements Flow.Subscriber<List<ByteBuffer>> {
    private volatile long total;
    private long count;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        count += buffer.remaining();
      }
    }

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onComplete() {
      total = count;
    }

    long total() {
      return total;
    }
  }
}
