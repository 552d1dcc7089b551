package dev.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.berth.server.tls.TestPki.Issued;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyStoreTest {

  @TempDir Path dir;

  private final TestPki pki = new TestPki();

  @Test
  void load_chain_keepsServerCertificateFirst() throws Exception {
    Issued server = pki.issueServer(TestPki.rsa(), BigInteger.TEN);
    Path certificate = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    pki.writeChain(certificate, server);
    TestPki.writeKey(key, server.keys(), false);

    KeyStore keyStore = PemKeyStore.load(certificate, key);

    assertThat(PemKeyStore.serverCertificate(keyStore)).isEqualTo(server.certificate());
    assertThat(keyStore.getCertificateChain(PemKeyStore.ALIAS))
        .containsExactly(server.certificate(), pki.authorityCertificate());
  }

  @Test
  void load_ecParametersBeforeKey_skipsParameters() throws Exception {
    KeyPair keys = TestPki.ec();
    Path certificate = writeCertificate(keys);
    Path key = dir.resolve("tls.key");
    TestPki.writeSec1(key, keys, true);
    String parameters =
        pemText(new PemObject("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()));
    Files.writeString(key, parameters + Files.readString(key));

    KeyStore keyStore = PemKeyStore.load(certificate, key);

    assertThat(keyStore.isKeyEntry(PemKeyStore.ALIAS)).isTrue();
  }

  @Test
  void load_sec1WithoutPublicKey_loads() throws Exception {
    KeyPair keys = TestPki.ec();
    Path certificate = writeCertificate(keys);
    Path key = dir.resolve("tls.key");
    TestPki.writeSec1(key, keys, false);

    KeyStore keyStore = PemKeyStore.load(certificate, key);

    assertThat(keyStore.isKeyEntry(PemKeyStore.ALIAS)).isTrue();
  }

  @Test
  void load_certificateAndKeyInOneFile_loads() throws Exception {
    KeyPair keys = TestPki.ec();
    Issued server = pki.issueServer(keys, BigInteger.TWO);
    Path combined = dir.resolve("tls.pem");
    TestPki.writePem(
        combined, server.certificate(), new JcaPKCS8Generator(keys.getPrivate(), null));

    KeyStore keyStore = PemKeyStore.load(combined, combined);

    assertThat(PemKeyStore.serverCertificate(keyStore)).isEqualTo(server.certificate());
  }

  @Test
  void load_encryptedKey_rejectedWithDecryptHint() throws Exception {
    KeyPair keys = TestPki.rsa();
    Path certificate = writeCertificate(keys);
    Path key = dir.resolve("tls.key");
    TestPki.writeEncryptedKey(key, keys.getPrivate());

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, key))
        .withMessage(
            key
                + " contains an encrypted private key, but Berth reads only unencrypted keys;"
                + " decrypt it with: openssl pkey -in "
                + key
                + " -out "
                + key
                + ".plain");
  }

  @Test
  void load_keyOfOtherCertificate_rejected() throws Exception {
    Path certificate = writeCertificate(TestPki.ec());
    Path key = dir.resolve("tls.key");
    TestPki.writeKey(key, TestPki.ec(), true);

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, key))
        .withMessage(
            "the first certificate in "
                + certificate
                + " does not belong to the private key in "
                + key
                + "; put the server certificate first and check that both files come from the"
                + " same issuance");
  }

  @Test
  void load_keyOfOtherAlgorithm_rejected() throws Exception {
    Path certificate = writeCertificate(TestPki.ec());
    Path key = dir.resolve("tls.key");
    TestPki.writeKey(key, TestPki.rsa(), false);

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, key))
        .withMessageContaining("does not belong to the private key");
  }

  @Test
  void load_authorityCertificateFirst_rejected() throws Exception {
    KeyPair keys = TestPki.ec();
    Issued server = pki.issueServer(keys, BigInteger.TEN);
    Path certificate = dir.resolve("tls.crt");
    TestPki.writePem(certificate, pki.authorityCertificate(), server.certificate());
    Path key = dir.resolve("tls.key");
    TestPki.writeKey(key, keys, true);

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, key))
        .withMessageContaining("put the server certificate first");
  }

  @Test
  void load_twoKeys_rejected() throws Exception {
    KeyPair keys = TestPki.ec();
    Path certificate = writeCertificate(keys);
    Path key = dir.resolve("tls.key");
    TestPki.writePem(
        key,
        new JcaPKCS8Generator(keys.getPrivate(), null),
        new JcaPKCS8Generator(TestPki.ec().getPrivate(), null));

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, key))
        .withMessage(key + " contains 2 private keys; keep only the server's key");
  }

  @Test
  void load_derCertificate_rejectedWithConvertHint() throws Exception {
    KeyPair keys = TestPki.ec();
    Issued server = pki.issueServer(keys, BigInteger.TEN);
    Path certificate = Files.write(dir.resolve("tls.der"), server.certificate().getEncoded());
    Path key = dir.resolve("tls.key");
    TestPki.writeKey(key, keys, true);

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, key))
        .withMessageStartingWith(certificate + " contains no PEM certificate;")
        .withMessageContaining("openssl x509 -inform der");
  }

  @Test
  void load_keyFileWithoutKey_rejected() throws Exception {
    KeyPair keys = TestPki.ec();
    Path certificate = writeCertificate(keys);

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, certificate))
        .withMessageStartingWith(certificate + " contains no PEM private key;");
  }

  @Test
  void load_missingFile_rejectedWithPath() throws Exception {
    Path certificate = writeCertificate(TestPki.ec());
    Path key = dir.resolve("missing.key");

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, key))
        .withMessageStartingWith("failed to read " + key + ": java.nio.file.NoSuchFileException");
  }

  @Test
  void load_unknownPemType_rejected() throws Exception {
    Path certificate = dir.resolve("tls.crt");
    Files.writeString(certificate, pemText(new PemObject("SOMETHING ELSE", new byte[] {1, 2})));
    Path key = dir.resolve("tls.key");
    TestPki.writeKey(key, TestPki.ec(), true);

    assertThatExceptionOfType(CertificateLoadException.class)
        .isThrownBy(() -> PemKeyStore.load(certificate, key))
        .withMessageStartingWith(certificate + " is not valid PEM:");
  }

  @Test
  void sameChain_comparesCertificates() throws Exception {
    KeyPair keys = TestPki.ec();
    Issued first = pki.issueServer(keys, BigInteger.ONE);
    Issued second = pki.issueServer(keys, BigInteger.TWO);

    assertThat(PemKeyStore.sameChain(store(first), store(first))).isTrue();
    assertThat(PemKeyStore.sameChain(store(first), store(second))).isFalse();
  }

  private KeyStore store(Issued server) throws IOException, CertificateLoadException {
    Path certificate = dir.resolve("chain-" + server.certificate().getSerialNumber() + ".crt");
    Path key = dir.resolve("chain-" + server.certificate().getSerialNumber() + ".key");
    pki.writeChain(certificate, server);
    TestPki.writeKey(key, server.keys(), true);
    return PemKeyStore.load(certificate, key);
  }

  private Path writeCertificate(KeyPair keys) throws IOException {
    Path certificate = dir.resolve("tls.crt");
    pki.writeChain(certificate, pki.issueServer(keys, BigInteger.TEN));
    return certificate;
  }

  private String pemText(PemObject object) throws IOException {
    Path scratch = dir.resolve("scratch.pem");
    TestPki.writePem(scratch, object);
    return Files.readString(scratch);
  }
}
