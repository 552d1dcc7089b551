package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets and the SHA-256 digests stored in their place. */
final class Secrets {

  /** Letters and digits: secrets made of them survive double-click selection and URLs. */
  static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private Secrets() {}

  /** Returns {@code length} characters drawn uniformly from {@code alphabet}. */
  static String random(SecureRandom random, String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /**
   * Returns the lower-case hex SHA-256 of {@code secret}'s UTF-8 bytes. A fast hash suffices for
   * random secrets of 80 bits or more, which offline guessing cannot recover; passwords need {@link
   * PasswordHasher}.
   */
  static String sha256Hex(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
