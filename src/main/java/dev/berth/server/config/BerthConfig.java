package dev.berth.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of one Berth process.
 *
 * @param listen the address and port to listen on
 * @param dataDir the directory for blobs, upload staging, the SQLite file and generated keys
 * @param externalUrl the URL clients use to reach Berth, when it differs from the request's Host
 * @param trustedProxies addresses or CIDR ranges whose X-Forwarded-Proto and X-Forwarded-Host
 *     headers are believed
 * @param tls the certificate to serve HTTPS with; plain HTTP when absent
 * @param shutdownGrace how long in-flight requests may run after SIGTERM
 * @param database the metadata database
 * @param uploads upload session limits
 * @param manifestMaxBytes the largest manifest accepted, in bytes
 * @param auth accounts and registry authentication
 * @param webhooks webhook delivery settings
 */
public record BerthConfig(
    HostPort listen,
    Path dataDir,
    Optional<URI> externalUrl,
    List<String> trustedProxies,
    TlsConfig tls,
    Duration shutdownGrace,
    DatabaseConfig database,
    UploadConfig uploads,
    long manifestMaxBytes,
    AuthConfig auth,
    WebhookConfig webhooks) {

  public static final long DEFAULT_MANIFEST_MAX_BYTES = 4L * 1024 * 1024;

  public BerthConfig {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** Returns the defaults: 127.0.0.1:5000, data under {@code ./data}, SQLite, plain HTTP. */
  public static BerthConfig defaults() {
    return defaults(Path.of("data"));
  }

  /** Returns the defaults with data under {@code dataDir}. */
  public static BerthConfig defaults(Path dataDir) {
    return new BerthConfig(
        new HostPort("127.0.0.1", 5000),
        dataDir,
        Optional.empty(),
        List.of(),
        TlsConfig.disabled(),
        Duration.ofSeconds(30),
        DatabaseConfig.embedded(),
        UploadConfig.defaults(),
        DEFAULT_MANIFEST_MAX_BYTES,
        AuthConfig.defaults(),
        WebhookConfig.defaults());
  }

  public BerthConfig withListen(HostPort value) {
    return new BerthConfig(
        value, dataDir, externalUrl, trustedProxies, tls, shutdownGrace, database, uploads,
        manifestMaxBytes, auth, webhooks);
  }

  public BerthConfig withDataDir(Path value) {
    return new BerthConfig(
        listen, value, externalUrl, trustedProxies, tls, shutdownGrace, database, uploads,
        manifestMaxBytes, auth, webhooks);
  }

  public BerthConfig withTls(TlsConfig value) {
    return new BerthConfig(
        listen, dataDir, externalUrl, trustedProxies, value, shutdownGrace, database, uploads,
        manifestMaxBytes, auth, webhooks);
  }

  public BerthConfig withDatabase(DatabaseConfig value) {
    return new BerthConfig(
        listen, dataDir, externalUrl, trustedProxies, tls, shutdownGrace, value, uploads,
        manifestMaxBytes, auth, webhooks);
  }

  public BerthConfig withUploads(UploadConfig value) {
    return new BerthConfig(
        listen, dataDir, externalUrl, trustedProxies, tls, shutdownGrace, database, value,
        manifestMaxBytes, auth, webhooks);
  }

  public BerthConfig withShutdownGrace(Duration value) {
    return new BerthConfig(
        listen, dataDir, externalUrl, trustedProxies, tls, value, database, uploads,
        manifestMaxBytes, auth, webhooks);
  }

  public BerthConfig withExternalUrl(Optional<URI> value, List<String> proxies) {
    return new BerthConfig(
        listen, dataDir, value, proxies, tls, shutdownGrace, database, uploads, manifestMaxBytes,
        auth, webhooks);
  }

  public BerthConfig withAuth(AuthConfig value) {
    return new BerthConfig(
        listen, dataDir, externalUrl, trustedProxies, tls, shutdownGrace, database, uploads,
        manifestMaxBytes, value, webhooks);
  }

  public BerthConfig withWebhooks(WebhookConfig value) {
    return new BerthConfig(
        listen, dataDir, externalUrl, trustedProxies, tls, shutdownGrace, database, uploads,
        manifestMaxBytes, auth, value);
  }

  /** Returns the signing key file: the configured one, or one under the data directory. */
  public java.nio.file.Path signingKeyFile() {
    return auth.signingKey().orElse(dataDir.resolve("keys").resolve("token-signing.jwk"));
  }
}
