package dev.berth.server.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Loads a PEM certificate chain and its private key into an in-memory key store for Jetty. The
 * private key may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY})
 * or SEC1 EC ({@code BEGIN EC PRIVATE KEY}), unencrypted. The first certificate must belong to the
 * private key, which is checked by signing and verifying a random challenge.
 */
public final class PemKeyStore {

  /** The alias of the single key entry. */
  static final String ALIAS = "berth";

  /**
   * The key store password. It protects the key only inside this process's memory, because the
   * store is never written to disk; Jetty needs some password to read the key back.
   */
  static final String PASSWORD = "berth-in-memory";

  private PemKeyStore() {}

  /**
   * Reads both files and returns a PKCS#12 key store with one entry: the private key and the chain.
   *
   * @throws CertificateLoadException when a file cannot be read, contains no usable PEM object or
   *     an encrypted key, or when the first certificate does not match the private key
   */
  public static KeyStore load(Path certificateFile, Path privateKeyFile)
      throws CertificateLoadException {
    return load(read(certificateFile), certificateFile, read(privateKeyFile), privateKeyFile);
  }

  /**
   * Parses PEM text already read from the two files; the paths appear only in messages. This lets
   * the reloader parse exactly the bytes it fingerprinted.
   */
  static KeyStore load(
      byte[] certificatePem, Path certificateFile, byte[] privateKeyPem, Path privateKeyFile)
      throws CertificateLoadException {
    List<X509Certificate> chain = parseCertificates(certificatePem, certificateFile);
    PrivateKey privateKey = parsePrivateKey(privateKeyPem, privateKeyFile);
    checkKeyPair(chain.getFirst(), privateKey, certificateFile, privateKeyFile);
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          ALIAS, privateKey, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
      return keyStore;
    } catch (GeneralSecurityException | IOException e) {
      throw new CertificateLoadException(
          "in-memory key store rejected the key from " + privateKeyFile + ": " + e.getMessage(), e);
    }
  }

  /** Returns the server certificate, the first of the chain, from a key store built here. */
  static X509Certificate serverCertificate(KeyStore keyStore) {
    try {
      return (X509Certificate) keyStore.getCertificate(ALIAS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("key store was not initialized", e);
    }
  }

  /** Returns whether two key stores built here hold the same certificate chain. */
  static boolean sameChain(KeyStore first, KeyStore second) {
    try {
      Certificate[] a = first.getCertificateChain(ALIAS);
      Certificate[] b = second.getCertificateChain(ALIAS);
      return a != null && b != null && List.of(a).equals(List.of(b));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("key store was not initialized", e);
    }
  }

  private static byte[] read(Path file) throws CertificateLoadException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CertificateLoadException("failed to read " + file + ": " + e, e);
    }
  }

  private static List<X509Certificate> parseCertificates(byte[] pem, Path file)
      throws CertificateLoadException {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    List<X509Certificate> chain = new ArrayList<>();
    for (Object object : parsePem(pem, file)) {
      // Other objects, such as a private key in a combined file, are skipped.
      if (object instanceof X509CertificateHolder holder) {
        try {
          chain.add(converter.getCertificate(holder));
        } catch (GeneralSecurityException e) {
          throw new CertificateLoadException(
              "certificate "
                  + (chain.size() + 1)
                  + " in "
                  + file
                  + " is invalid: "
                  + e.getMessage(),
              e);
        }
      }
    }
    if (chain.isEmpty()) {
      throw new CertificateLoadException(
          file
              + " contains no PEM certificate; expected a -----BEGIN CERTIFICATE----- block, and"
              + " convert a DER file with: openssl x509 -inform der -in FILE -out FILE.pem");
    }
    return chain;
  }

  private static PrivateKey parsePrivateKey(byte[] pem, Path file) throws CertificateLoadException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    List<PrivateKey> keys = new ArrayList<>();
    for (Object object : parsePem(pem, file)) {
      try {
        switch (object) {
          case PrivateKeyInfo pkcs8 -> keys.add(converter.getPrivateKey(pkcs8));
          // Only the private part is read: a SEC1 key may leave out its optional public key.
          case PEMKeyPair traditional ->
              keys.add(converter.getPrivateKey(traditional.getPrivateKeyInfo()));
          case PEMEncryptedKeyPair encrypted -> throw encryptedKey(file);
          case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encryptedKey(file);
          // EC PARAMETERS blocks, which openssl ecparam writes before the key, and certificates
          // in a combined file are skipped.
          default -> {}
        }
      } catch (IOException e) {
        throw new CertificateLoadException(
            "private key in " + file + " is invalid: " + e.getMessage(), e);
      }
    }
    if (keys.isEmpty()) {
      throw new CertificateLoadException(
          file
              + " contains no PEM private key; expected a -----BEGIN PRIVATE KEY-----, -----BEGIN"
              + " RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY----- block");
    }
    if (keys.size() > 1) {
      throw new CertificateLoadException(
          file + " contains " + keys.size() + " private keys; keep only the server's key");
    }
    return keys.getFirst();
  }

  private static CertificateLoadException encryptedKey(Path file) {
    return new CertificateLoadException(
        file
            + " contains an encrypted private key, but Berth reads only unencrypted keys; decrypt"
            + " it with: openssl pkey -in "
            + file
            + " -out "
            + file
            + ".plain");
  }

  private static List<Object> parsePem(byte[] pem, Path file) throws CertificateLoadException {
    List<Object> objects = new ArrayList<>();
    String text = new String(pem, StandardCharsets.US_ASCII);
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException e) {
      throw new CertificateLoadException(file + " is not valid PEM: " + e.getMessage(), e);
    }
    return objects;
  }

  /** Proves that {@code privateKey} belongs to the certificate by a signature it must verify. */
  private static void checkKeyPair(
      X509Certificate certificate, PrivateKey privateKey, Path certificateFile, Path privateKeyFile)
      throws CertificateLoadException {
    PublicKey publicKey = certificate.getPublicKey();
    Optional<String> signatureAlgorithm =
        switch (privateKey.getAlgorithm()) {
          case "RSA" -> Optional.of("SHA256withRSA");
          case "EC", "ECDSA" -> Optional.of("SHA256withECDSA");
          default -> Optional.empty();
        };
    if (signatureAlgorithm.isEmpty()) {
      throw new CertificateLoadException(
          privateKeyFile
              + " contains a "
              + privateKey.getAlgorithm()
              + " key, which Berth does not serve; use an RSA or EC key");
    }
    String mismatch =
        "the first certificate in "
            + certificateFile
            + " does not belong to the private key in "
            + privateKeyFile
            + "; put the server certificate first and check that both files come from the same"
            + " issuance";
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
      throw new CertificateLoadException(mismatch);
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(signatureAlgorithm.get());
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(signatureAlgorithm.get());
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      if (!verifier.verify(signature)) {
        throw new CertificateLoadException(mismatch);
      }
    } catch (GeneralSecurityException e) {
      // An EC key on another curve fails here instead of at verify.
      throw new CertificateLoadException(mismatch + " (" + e.getMessage() + ")", e);
    }
  }
}
