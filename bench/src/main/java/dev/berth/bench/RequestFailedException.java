package dev.berth.bench;

import java.net.http.HttpRequest;

/** A benchmark request that failed: a status other than the spec's, or an I/O error. */
final class RequestFailedException extends RuntimeException {

  RequestFailedException(HttpRequest request, String reason) {
    super(request.method() + " " + request.uri() + " " + reason);
  }

  RequestFailedException(HttpRequest request, String reason, Throwable cause) {
    super(request.method() + " " + request.uri() + " failed: " + reason, cause);
  }
}
