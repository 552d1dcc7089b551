package dev.berth.server.tls;

import dev.berth.server.config.HostPort;
import dev.berth.server.config.TlsConfig;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HTTPS connector: TLS, then ALPN choosing {@code h2} or {@code http/1.1}, with HTTP/1.1
 * for clients that offer no ALPN.
 */
public final class TlsConnectors {

  private static final Logger LOG = LoggerFactory.getLogger(TlsConnectors.class);

  private TlsConnectors() {}

  /**
   * Creates a connector on {@code listen} that serves HTTPS with the certificate and key in {@code
   * tls}. The caller adds it to {@code server}. To reload certificates, pass the connector's {@code
   * SslConnectionFactory#getSslContextFactory()} to {@link CertificateReloader#start}.
   *
   * @param httpConfig the settings for both protocols; it is copied and the copy gets a {@link
   *     SecureRequestCustomizer} when it has none, so the caller's instance stays unchanged
   * @throws IllegalArgumentException when {@code tls} is not enabled
   * @throws CertificateLoadException when the certificate or key cannot be loaded
   */
  public static ServerConnector create(
      Server server, TlsConfig tls, HttpConfiguration httpConfig, HostPort listen)
      throws CertificateLoadException {
    if (!tls.enabled()) {
      throw new IllegalArgumentException(
          "TLS is not configured; set tls.certificate and tls.private_key");
    }
    Path certificateFile = tls.certificate().orElseThrow();
    Path privateKeyFile = tls.privateKey().orElseThrow();
    KeyStore keyStore = PemKeyStore.load(certificateFile, privateKeyFile);
    logCertificate(LOG, "tls certificate loaded", keyStore, certificateFile);

    SslContextFactory.Server sslContextFactory = new SslContextFactory.Server();
    sslContextFactory.setKeyStore(keyStore);
    sslContextFactory.setKeyStorePassword(PemKeyStore.PASSWORD);
    // HTTP/2 forbids many TLS 1.2 cipher suites, and this comparator offers the allowed ones first.
    sslContextFactory.setCipherComparator(HTTP2Cipher.COMPARATOR);

    HttpConfiguration httpsConfig = new HttpConfiguration(httpConfig);
    if (httpsConfig.getCustomizer(SecureRequestCustomizer.class) == null) {
      httpsConfig.addCustomizer(new SecureRequestCustomizer());
    }
    HttpConnectionFactory http11 = new HttpConnectionFactory(httpsConfig);
    HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(httpsConfig);
    // Without arguments, ALPN offers the wire names of the factories that follow it on the
    // connector ("h2", "http/1.1"). Passing getProtocol() would offer "HTTP/1.1", which no client
    // sends, so clients offering only http/1.1 failed the handshake.
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(http11.getProtocol());
    SslConnectionFactory tlsFactory =
        new SslConnectionFactory(sslContextFactory, alpn.getProtocol());

    ServerConnector connector = new ServerConnector(server, tlsFactory, alpn, http2, http11);
    connector.setHost(listen.host());
    connector.setPort(listen.port());
    return connector;
  }

  /** Logs which certificate is now served, and warns when it is outside its validity period. */
  static void logCertificate(Logger log, String event, KeyStore keyStore, Path certificateFile) {
    X509Certificate certificate = PemKeyStore.serverCertificate(keyStore);
    log.atInfo()
        .addKeyValue("certificate_file", certificateFile)
        .addKeyValue("subject", certificate.getSubjectX500Principal().getName())
        .addKeyValue("serial", certificate.getSerialNumber().toString(16))
        .addKeyValue("not_after", certificate.getNotAfter().toInstant())
        .log(event);
    Instant now = Instant.now();
    if (now.isAfter(certificate.getNotAfter().toInstant())
        || now.isBefore(certificate.getNotBefore().toInstant())) {
      log.atWarn()
          .addKeyValue("certificate_file", certificateFile)
          .addKeyValue("not_before", certificate.getNotBefore().toInstant())
          .addKeyValue("not_after", certificate.getNotAfter().toInstant())
          .log("tls certificate is outside its validity period, so clients will reject it");
    }
  }
}
