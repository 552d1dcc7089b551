package dev.berth.bench;

/**
 * One benchmark request that failed: a status other than the spec's, content that does not match
 * its digest, or an I/O error. The run counts it and goes on.
 */
final class RequestFailedException extends Exception {

  RequestFailedException(String message) {
    super(message);
  }

  RequestFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
