package dev.berth.bench;

/** A benchmark run that cannot go on, because a setup request failed or an option is invalid. */
final class BenchException extends RuntimeException {

  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
