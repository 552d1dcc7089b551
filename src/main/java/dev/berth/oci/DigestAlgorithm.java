package dev.berth.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** Digest algorithms registered by the OCI image specification. */
public enum DigestAlgorithm {
  SHA256("sha256", "SHA-256", 64),
  SHA512("sha512", "SHA-512", 128);

  private final String wireName;
  private final String jcaName;
  private final int hexLength;

  DigestAlgorithm(String wireName, String jcaName, int hexLength) {
    this.wireName = wireName;
    this.jcaName = jcaName;
    this.hexLength = hexLength;
  }

  /** Returns the algorithm for its wire name, such as {@code sha256}. */
  public static DigestAlgorithm fromWireName(String name) {
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.wireName.equals(name)) {
        return algorithm;
      }
    }
    throw new OciFormatException(
        OciFormatException.Kind.DIGEST,
        "digest algorithm '" + name + "' is not supported; use sha256 or sha512");
  }

  /** Creates a fresh hasher; each call returns a new, unshared instance. */
  public MessageDigest newHasher() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + jcaName, e);
    }
  }

  public String wireName() {
    return wireName;
  }

  public int hexLength() {
    return hexLength;
  }

  @Override
  public String toString() {
    return wireName.toLowerCase(Locale.ROOT);
  }
}
