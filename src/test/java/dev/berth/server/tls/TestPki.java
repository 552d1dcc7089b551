package dev.berth.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** A throwaway certificate authority for tests, issuing server certificates for 127.0.0.1. */
final class TestPki {

  /** The key algorithms the tests cover, with the PEM encoding of the private key. */
  enum KeyFormat {
    RSA_PKCS1,
    RSA_PKCS8,
    EC_SEC1,
    EC_PKCS8;

    KeyPair generate() {
      return this == RSA_PKCS1 || this == RSA_PKCS8 ? rsa() : ec();
    }

    boolean pkcs8() {
      return this == RSA_PKCS8 || this == EC_PKCS8;
    }
  }

  /**
   * A certificate and the key pair it certifies.
   *
   * @param certificate the certificate
   * @param keys the key pair whose public key the certificate contains
   */
  record Issued(X509Certificate certificate, KeyPair keys) {}

  private final Issued authority;

  TestPki() {
    KeyPair keys = ec();
    X500Principal name = new X500Principal("CN=Berth Test CA");
    JcaX509v3CertificateBuilder builder =
        builder(name, BigInteger.ONE, name, keys, Duration.ofDays(1));
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.authority = new Issued(sign(builder, keys.getPrivate()), keys);
  }

  X509Certificate authorityCertificate() {
    return authority.certificate();
  }

  /** Issues a server certificate for IP address 127.0.0.1, valid from an hour ago for a day. */
  Issued issueServer(KeyPair keys, BigInteger serial) {
    return issueServer(keys, serial, Duration.ofDays(1));
  }

  Issued issueServer(KeyPair keys, BigInteger serial, Duration validity) {
    JcaX509v3CertificateBuilder builder =
        builder(
            authority.certificate().getSubjectX500Principal(),
            serial,
            new X500Principal("CN=127.0.0.1"),
            keys,
            validity);
    try {
      GeneralName address =
          new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(address));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new Issued(sign(builder, authority.keys().getPrivate()), keys);
  }

  /** Returns an SSL context that trusts only this authority. */
  SSLContext clientContext() throws GeneralSecurityException, IOException {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("ca", authority.certificate());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** Writes the server certificate followed by the authority certificate. */
  void writeChain(Path file, Issued server) throws IOException {
    writePem(file, server.certificate(), authority.certificate());
  }

  /**
   * Writes a private key as PKCS#8, or in its traditional form: PKCS#1 for RSA, SEC1 for EC. The
   * SEC1 form carries the curve and the public key, as {@code openssl ecparam -genkey} writes it.
   */
  static void writeKey(Path file, KeyPair keys, boolean pkcs8) throws IOException {
    if (pkcs8) {
      writePem(file, new JcaPKCS8Generator(keys.getPrivate(), null));
    } else if (keys.getPrivate() instanceof ECPrivateKey) {
      writeSec1(file, keys, true);
    } else {
      writePem(file, keys.getPrivate());
    }
  }

  /**
   * Writes an EC key as SEC1 ({@code BEGIN EC PRIVATE KEY}) with its named curve, and with the
   * optional public key only when {@code withPublicKey} is set. BC's PEM writer leaves out the
   * curve of a JDK key, so the structure is built here.
   */
  static void writeSec1(Path file, KeyPair keys, boolean withPublicKey) throws IOException {
    ECPrivateKey privateKey = (ECPrivateKey) keys.getPrivate();
    SubjectPublicKeyInfo publicKeyInfo =
        SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    ASN1Primitive curve = publicKeyInfo.getAlgorithm().getParameters().toASN1Primitive();
    int orderBits = privateKey.getParams().getOrder().bitLength();
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        withPublicKey
            ? new org.bouncycastle.asn1.sec.ECPrivateKey(
                orderBits, privateKey.getS(), publicKeyInfo.getPublicKeyData(), curve)
            : new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, privateKey.getS(), curve);
    writePem(file, new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
  }

  /** Writes a private key as encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}). */
  static void writeEncryptedKey(Path file, PrivateKey key) throws IOException {
    try {
      var encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
              .setPassword("secret".toCharArray())
              .build();
      writePem(file, new JcaPKCS8Generator(key, encryptor));
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  static void writePem(Path file, Object... objects) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    }
    Files.writeString(file, text.toString());
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Principal issuer,
      BigInteger serial,
      X500Principal subject,
      KeyPair keys,
      Duration validity) {
    Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    return new JcaX509v3CertificateBuilder(
        issuer,
        serial,
        Date.from(notBefore),
        Date.from(notBefore.plus(validity)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
    String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
