package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /v2/<name>/blobs/uploads/} and {@code /v2/<name>/blobs/uploads/<id>}: start (also
 * monolithic and cross-repository mount), PATCH chunks, GET status, PUT to complete, DELETE to
 * cancel.
 */
final class UploadHandler {

  private final UploadService uploads;
  private final BlobService blobs;

  UploadHandler(UploadService uploads, BlobService blobs) {
    this.uploads = uploads;
    this.blobs = blobs;
  }

  /** Handles {@code POST /v2/<name>/blobs/uploads/}. */
  void start(Exchange exchange, RepositoryName repository) throws IOException {
    if (!exchange.method().equals("POST")) {
      throw Routes.methodNotAllowed(exchange, "POST");
    }
    Optional<String> mount = exchange.query("mount");
    if (mount.isPresent()) {
      Digest digest = Routes.digest(mount.get());
      Optional<RepositoryName> from = exchange.query("from").flatMap(UploadHandler::mountSource);
      boolean readable = from.isPresent() && RegistryAccess.of(exchange.request()).mayPull(from.get());
      if (readable && blobs.mount(repository, from.get(), digest)) {
        sendCreated(exchange, repository, digest);
        return;
      }
      // Not mountable, or not readable by this caller: fall through to a normal upload session,
      // as clients expect. The answer is the same either way, so it reveals nothing.
    }

    // Validate before opening a session, so a bad digest leaves nothing staged.
    Optional<Digest> digest = exchange.query("digest").map(Routes::digest);
    String id = uploads.start(repository);
    if (digest.isPresent()) {
      completeOrCancel(exchange, repository, id, digest.get());
      return;
    }
    sendProgress(exchange, repository, id, 0, 202);
  }

  /** Parses a mount's {@code from}; an invalid name only means there is nothing to mount. */
  private static Optional<RepositoryName> mountSource(String from) {
    try {
      return Optional.of(RepositoryName.parse(from));
    } catch (dev.berth.oci.OciFormatException e) {
      return Optional.empty();
    }
  }

  /** Handles {@code /v2/<name>/blobs/uploads/<id>}. */
  void session(Exchange exchange, RepositoryName repository, String id) throws IOException {
    switch (exchange.method()) {
      case "PATCH" -> patch(exchange, repository, id);
      case "PUT" -> put(exchange, repository, id);
      case "GET", "HEAD" -> {
        long size = uploads.size(repository, id);
        sendProgress(exchange, repository, id, size, 204);
      }
      case "DELETE" -> {
        uploads.cancel(repository, id);
        exchange.send(204);
      }
      default -> throw Routes.methodNotAllowed(exchange, "GET, PATCH, PUT, DELETE");
    }
  }

  private void patch(Exchange exchange, RepositoryName repository, String id) throws IOException {
    Optional<ContentRange> range = exchange.header("Content-Range").map(ContentRange::parse);
    Optional<Long> length = exchange.contentLength();
    if (range.isPresent() && length.isPresent() && range.get().length() != length.get()) {
      throw new RegistryException(
          ErrorCode.SIZE_INVALID,
          "Content-Range "
              + range.get().start()
              + "-"
              + range.get().end()
              + " covers "
              + range.get().length()
              + " bytes but Content-Length is "
              + length.get());
    }
    long size;
    try {
      size = uploads.append(repository, id, exchange.uploadBody(), range);
    } finally {
      exchange.discardUnreadBody();
    }
    sendProgress(exchange, repository, id, size, 202);
  }

  private void put(Exchange exchange, RepositoryName repository, String id) throws IOException {
    String digestParameter =
        exchange
            .query("digest")
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorCode.DIGEST_INVALID,
                        "the ?digest= query parameter is missing; completing upload "
                            + id
                            + " needs the digest of the whole blob"));
    Digest digest = Routes.digest(digestParameter);
    Optional<ContentRange> range = exchange.header("Content-Range").map(ContentRange::parse);
    try {
      if (range.isPresent()) {
        // A final chunk with a range is appended like a PATCH, which checks offset and length.
        uploads.append(repository, id, exchange.uploadBody(), range);
        uploads.complete(repository, id, digest, UploadBody.empty());
      } else {
        uploads.complete(repository, id, digest, exchange.uploadBody());
      }
    } finally {
      exchange.discardUnreadBody();
    }
    sendCreated(exchange, repository, digest);
  }

  private void completeOrCancel(
      Exchange exchange, RepositoryName repository, String id, Digest digest) throws IOException {
    try {
      uploads.complete(repository, id, digest, exchange.uploadBody());
    } catch (IOException | RuntimeException e) {
      cancelQuietly(repository, id, e);
      throw e;
    } finally {
      exchange.discardUnreadBody();
    }
    sendCreated(exchange, repository, digest);
  }

  private void cancelQuietly(RepositoryName repository, String id, Exception cause) {
    try {
      uploads.cancel(repository, id);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static void sendCreated(Exchange exchange, RepositoryName repository, Digest digest) {
    exchange.setHeader("Location", exchange.url("/v2/" + repository + "/blobs/" + digest));
    exchange.setHeader("Docker-Content-Digest", digest.toString());
    exchange.send(201);
  }

  private static void sendProgress(
      Exchange exchange, RepositoryName repository, String id, long size, int status) {
    exchange.setHeader("Location", exchange.url("/v2/" + repository + "/blobs/uploads/" + id));
    exchange.setHeader("Range", "0-" + Math.max(0, size - 1));
    exchange.setHeader("Docker-Upload-UUID", id);
    exchange.send(status);
  }
}
