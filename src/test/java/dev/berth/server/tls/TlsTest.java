package dev.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.TlsConfig;
import dev.berth.server.tls.TestPki.Issued;
import dev.berth.server.tls.TestPki.KeyFormat;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

class TlsTest {

  private static final Duration RELOAD_WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final TestPki pki = new TestPki();
  private Path certificateFile;
  private Path privateKeyFile;
  private Server server;
  private ServerConnector connector;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void quietJetty() {
    // Logback's default configuration logs Jetty at DEBUG, which floods the test output.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty"))
        .setLevel(Level.INFO);
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    for (Class<?> source : List.of(TlsConnectors.class, CertificateReloader.class)) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(source)).addAppender(logs);
    }
  }

  @AfterEach
  void stopServer() throws Exception {
    for (Class<?> source : List.of(TlsConnectors.class, CertificateReloader.class)) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(source)).detachAppender(logs);
    }
    if (server != null) {
      server.stop();
    }
  }

  @ParameterizedTest
  @EnumSource(KeyFormat.class)
  void https_eachKeyFormat_negotiatesHttp2(KeyFormat format) throws Exception {
    Issued issued = writePair(format, BigInteger.valueOf(101));
    startServer(tlsConfig(Duration.ofSeconds(10)));

    HttpResponse<String> response = get();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.body()).isEqualTo("served over https");
    assertThat(servedSerial(response)).isEqualTo(issued.certificate().getSerialNumber());
  }

  @Test
  void https_http11Client_fallsBackToHttp11() throws Exception {
    writePair(KeyFormat.EC_SEC1, BigInteger.valueOf(102));
    startServer(tlsConfig(Duration.ofSeconds(10)));

    HttpResponse<String> response = get(HttpClient.Version.HTTP_1_1);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  @Test
  void https_alpnOfferingOnlyHttp11_negotiatesHttp11() throws Exception {
    writePair(KeyFormat.EC_SEC1, BigInteger.valueOf(103));
    startServer(tlsConfig(Duration.ofSeconds(10)));

    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket)
            pki.clientContext()
                .getSocketFactory()
                .createSocket("127.0.0.1", connector.getLocalPort())) {
      javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      socket
          .getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String statusLine =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();

      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
      assertThat(statusLine).isEqualTo("HTTP/1.1 200 OK");
    }
  }

  @Test
  void reloader_renewedFiles_servesNewCertificate() throws Exception {
    writePair(KeyFormat.EC_SEC1, BigInteger.valueOf(201));
    TlsConfig tls = tlsConfig(Duration.ofMillis(100));
    startServer(tls);
    assertThat(servedSerial(get())).isEqualTo(BigInteger.valueOf(201));

    CertificateReloader reloader = CertificateReloader.start(sslContextFactory(), tls);
    try {
      Issued renewed = writePair(KeyFormat.RSA_PKCS1, BigInteger.valueOf(202));

      BigInteger served = awaitSerial(renewed.certificate().getSerialNumber());

      assertThat(served).isEqualTo(BigInteger.valueOf(202));
    } finally {
      reloader.close();
    }
  }

  @Test
  void reloader_mismatchedPair_keepsOldCertificate() throws Exception {
    writePair(KeyFormat.EC_PKCS8, BigInteger.valueOf(301));
    TlsConfig tls = tlsConfig(Duration.ofHours(1));
    startServer(tls);
    try (CertificateReloader reloader = CertificateReloader.start(sslContextFactory(), tls)) {
      // A new certificate whose key is not the one in the key file, as when only one file changed.
      Issued stranger = pki.issueServer(TestPki.ec(), BigInteger.valueOf(302));
      pki.writeChain(certificateFile, stranger);

      assertThat(reloader.check()).isEqualTo(CertificateReloader.Outcome.REJECTED);
      assertThat(servedSerial(get())).isEqualTo(BigInteger.valueOf(301));
      assertThat(logged(Level.ERROR)).hasSize(1);
      assertThat(logged(Level.ERROR).getFirst().getKeyValuePairs().toString())
          .contains(certificateFile.toString(), privateKeyFile.toString(), "does not belong");

      // The same bad content counts as unchanged and is not logged again.
      assertThat(reloader.check()).isEqualTo(CertificateReloader.Outcome.UNCHANGED);
      assertThat(logged(Level.ERROR)).hasSize(1);

      // Once the matching key arrives the pair loads.
      TestPki.writeKey(privateKeyFile, stranger.keys(), false);
      assertThat(reloader.check()).isEqualTo(CertificateReloader.Outcome.RELOADED);
      assertThat(servedSerial(get())).isEqualTo(BigInteger.valueOf(302));
    }
  }

  @Test
  void reloader_garbageFiles_keepsOldCertificate() throws Exception {
    writePair(KeyFormat.RSA_PKCS8, BigInteger.valueOf(401));
    TlsConfig tls = tlsConfig(Duration.ofHours(1));
    startServer(tls);

    try (CertificateReloader reloader = CertificateReloader.start(sslContextFactory(), tls)) {
      Files.writeString(certificateFile, "-----BEGIN CERTIFICATE-----\nnot base64!\n");

      assertThat(reloader.check()).isEqualTo(CertificateReloader.Outcome.REJECTED);
      assertThat(servedSerial(get())).isEqualTo(BigInteger.valueOf(401));

      Files.delete(privateKeyFile);

      assertThat(reloader.check()).isEqualTo(CertificateReloader.Outcome.REJECTED);
      assertThat(servedSerial(get())).isEqualTo(BigInteger.valueOf(401));
    }
  }

  @Test
  void reloader_unchangedFiles_doesNotReload() throws Exception {
    writePair(KeyFormat.EC_SEC1, BigInteger.valueOf(501));
    TlsConfig tls = tlsConfig(Duration.ofHours(1));
    startServer(tls);

    try (CertificateReloader reloader = CertificateReloader.start(sslContextFactory(), tls)) {
      assertThat(reloader.check()).isEqualTo(CertificateReloader.Outcome.UNCHANGED);
      assertThat(reloader.check()).isEqualTo(CertificateReloader.Outcome.UNCHANGED);
    }
  }

  @Test
  void create_expiredCertificate_logsWarning() throws Exception {
    KeyPair keys = TestPki.ec();
    Issued expired = pki.issueServer(keys, BigInteger.valueOf(601), Duration.ofMinutes(30));
    certificateFile = dir.resolve("tls.crt");
    privateKeyFile = dir.resolve("tls.key");
    pki.writeChain(certificateFile, expired);
    TestPki.writeKey(privateKeyFile, keys, true);

    TlsConnectors.create(
        new Server(), tlsConfig(Duration.ofSeconds(10)), new HttpConfiguration(), loopback());

    assertThat(logged(Level.WARN))
        .extracting(ILoggingEvent::getMessage)
        .containsExactly(
            "tls certificate is outside its validity period, so clients will reject it");
  }

  /** Writes a new key pair and a chain for it, and returns the server certificate issued. */
  private Issued writePair(KeyFormat format, BigInteger serial) throws IOException {
    Issued issued = pki.issueServer(format.generate(), serial);
    certificateFile = dir.resolve("tls.crt");
    privateKeyFile = dir.resolve("tls.key");
    TestPki.writeKey(privateKeyFile, issued.keys(), format.pkcs8());
    pki.writeChain(certificateFile, issued);
    return issued;
  }

  private TlsConfig tlsConfig(Duration reloadInterval) {
    return new TlsConfig(Optional.of(certificateFile), Optional.of(privateKeyFile), reloadInterval);
  }

  private static HostPort loopback() {
    return new HostPort("127.0.0.1", 0);
  }

  private void startServer(TlsConfig tls) throws Exception {
    server = new Server();
    connector = TlsConnectors.create(server, tls, new HttpConfiguration(), loopback());
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            Content.Sink.write(response, true, "served over https", callback);
            return true;
          }
        });
    server.start();
  }

  private SslContextFactory.Server sslContextFactory() {
    return connector.getConnectionFactory(SslConnectionFactory.class).getSslContextFactory();
  }

  private HttpResponse<String> get()
      throws IOException, InterruptedException, GeneralSecurityException {
    return get(HttpClient.Version.HTTP_2);
  }

  /** Sends one GET from a new client, so every call makes a new TLS handshake. */
  private HttpResponse<String> get(HttpClient.Version version)
      throws IOException, InterruptedException, GeneralSecurityException {
    URI uri = URI.create("https://127.0.0.1:" + connector.getLocalPort() + "/");
    try (HttpClient client =
        HttpClient.newBuilder()
            .sslContext(pki.clientContext())
            .version(version)
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  private static BigInteger servedSerial(HttpResponse<?> response) throws IOException {
    SSLSession session = response.sslSession().orElseThrow();
    return ((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber();
  }

  /** Polls with new connections until {@code expected} is served or the wait runs out. */
  private BigInteger awaitSerial(BigInteger expected) throws Exception {
    Instant deadline = Instant.now().plus(RELOAD_WAIT);
    BigInteger served = servedSerial(get());
    while (!served.equals(expected) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      served = servedSerial(get());
    }
    return served;
  }

  private List<ILoggingEvent> logged(Level level) {
    return logs.list.stream().filter(event -> event.getLevel() == level).toList();
  }
}
