package dev.berth.server.tls;

/**
 * Thrown when a PEM certificate chain or private key cannot be read, parsed, or paired. The message
 * names the file and the fix.
 */
public final class CertificateLoadException extends Exception {

  CertificateLoadException(String message) {
    super(message);
  }

  CertificateLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
