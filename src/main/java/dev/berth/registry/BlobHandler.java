package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;

/** {@code /v2/<name>/blobs/<digest>}: HEAD, GET with ranges, and DELETE. */
final class BlobHandler {

  private static final int CHUNK_SIZE = 128 * 1024;

  private final BlobService blobs;

  BlobHandler(BlobService blobs) {
    this.blobs = blobs;
  }

  void handle(Exchange exchange, RepositoryName repository, Digest digest) throws IOException {
    switch (exchange.method()) {
      case "GET", "HEAD" -> get(exchange, repository, digest);
      case "DELETE" -> {
        blobs.delete(repository, digest);
        exchange.send(202);
      }
      default -> throw Routes.methodNotAllowed(exchange, "GET, HEAD, DELETE");
    }
  }

  private void get(Exchange exchange, RepositoryName repository, Digest digest) throws IOException {
    BlobRecord blob = blobs.stat(repository, digest);
    Optional<ByteRange> range =
        exchange.header("Range").flatMap(h -> ByteRange.resolve(h, blob.size()));
    long start = range.map(ByteRange::start).orElse(0L);
    long length = range.map(ByteRange::length).orElse(blob.size());

    exchange.setHeader("Docker-Content-Digest", digest.toString());
    exchange.setHeader("ETag", "\"" + digest + "\"");
    exchange.setHeader("Accept-Ranges", "bytes");
    exchange.setHeader("Cache-Control", "max-age=31536000");
    exchange.setHeader("Content-Type", "application/octet-stream");
    exchange.setHeader("Content-Length", Long.toString(length));
    if (range.isPresent()) {
      exchange.response().setStatus(206);
      exchange.setHeader(
          "Content-Range",
          "bytes " + range.get().start() + "-" + range.get().end() + "/" + blob.size());
    } else {
      exchange.response().setStatus(200);
    }
    if (exchange.isHead() || length == 0) {
      exchange.writeBlocking(true, null);
      exchange.complete();
      return;
    }
    stream(exchange, blob, start, length);
  }

  /** Copies the bytes through pooled direct buffers, so they never pass through the heap. */
  private void stream(Exchange exchange, BlobRecord blob, long start, long length)
      throws IOException {
    ByteBufferPool pool = exchange.request().getComponents().getByteBufferPool();
    RetainableByteBuffer pooled = pool.acquire(CHUNK_SIZE, true);
    try (ReadableByteChannel channel = blobs.open(blob, start)) {
      ByteBuffer buffer = pooled.getByteBuffer();
      long remaining = length;
      while (remaining > 0) {
        buffer.clear();
        if (remaining < buffer.capacity()) {
          buffer.limit((int) remaining);
        }
        int read = channel.read(buffer);
        if (read < 0) {
          throw new IOException(
              "blob " + blob.digest() + " ended " + remaining + " bytes early in storage");
        }
        buffer.flip();
        remaining -= read;
        exchange.writeBlocking(remaining == 0, buffer);
      }
    } finally {
      pooled.release();
    }
    exchange.complete();
  }
}
