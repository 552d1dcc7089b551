package dev.berth.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * HTTPS deliveries against a TLS receiver on 127.0.0.1 with a self-signed certificate that the
 * client trusts: the certificate must name the URL's host.
 */
class DeliveryClientTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void https_certificateForHost_delivered() throws Exception {
    KeyPair keys = ecKeys();
    X509Certificate certificate =
        selfSigned(keys, new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    AtomicReference<String> received = new AtomicReference<>();
    HttpsServer server = httpsServer(keys, certificate, received);
    try {
      DeliveryClient client = client(certificate);
      URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/hook");

      int status =
          client.post(
              url,
              List.of(LOOPBACK),
              Map.of("Content-Type", "application/json"),
              "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));

      assertThat(status).isEqualTo(202);
      assertThat(received.get()).isEqualTo("{\"ok\":true}");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void https_certificateForOtherHost_rejected() throws Exception {
    KeyPair keys = ecKeys();
    X509Certificate certificate =
        selfSigned(keys, new GeneralName(GeneralName.dNSName, "other.example.net"));
    AtomicReference<String> received = new AtomicReference<>();
    HttpsServer server = httpsServer(keys, certificate, received);
    try {
      DeliveryClient client = client(certificate);
      URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/hook");

      assertThatThrownBy(
              () ->
                  client.post(
                      url, List.of(LOOPBACK), Map.of(), "{}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class);
      assertThat(received.get()).isNull();
    } finally {
      server.stop(0);
    }
  }

  private static DeliveryClient client(X509Certificate trusted) throws Exception {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("receiver", trusted);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return new DeliveryClient(
        Duration.ofSeconds(5), Duration.ofSeconds(5), context.getSocketFactory());
  }

  private static HttpsServer httpsServer(
      KeyPair keys, X509Certificate certificate, AtomicReference<String> received)
      throws Exception {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    char[] password = "test".toCharArray();
    keyStore.setKeyEntry(
        "server", keys.getPrivate(), password, new X509Certificate[] {certificate});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);

    HttpsServer server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 4);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            received.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static X509Certificate selfSigned(KeyPair keys, GeneralName subjectAlternativeName)
      throws Exception {
    X500Principal name = new X500Principal("CN=Berth webhook receiver");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            name,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName, false, new GeneralNames(subjectAlternativeName));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }
}
