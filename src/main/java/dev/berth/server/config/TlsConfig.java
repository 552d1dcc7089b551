package dev.berth.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The PEM certificate chain and private key to serve HTTPS with.
 *
 * @param certificate the PEM file with the server certificate first, then any intermediates
 * @param privateKey the PEM file with the private key (PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param reloadInterval how often the files are checked for changes
 */
public record TlsConfig(
    Optional<Path> certificate, Optional<Path> privateKey, Duration reloadInterval) {

  public static TlsConfig disabled() {
    return new TlsConfig(Optional.empty(), Optional.empty(), Duration.ofSeconds(10));
  }

  public static TlsConfig of(Path certificate, Path privateKey) {
    return new TlsConfig(Optional.of(certificate), Optional.of(privateKey), Duration.ofSeconds(10));
  }

  public boolean enabled() {
    return certificate.isPresent() && privateKey.isPresent();
  }
}
