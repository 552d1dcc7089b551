package dev.berth.cli;

/**
 * Raised when an account command cannot do what was requested. The message names the value and the
 * fix, and is printed to standard error as it is.
 */
final class CommandFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  CommandFailedException(String message) {
    super(message);
  }

  CommandFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
