package dev.berth.oci;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A content digest such as {@code sha256:e3b0c442…}: an algorithm and its lower-case hex encoding.
 *
 * @param algorithm the hash algorithm
 * @param hex the lower-case hex encoding, of the length the algorithm fixes
 */
public record Digest(DigestAlgorithm algorithm, String hex) {

  private static final HexFormat HEX = HexFormat.of();

  public Digest {
    if (hex.length() != algorithm.hexLength() || !isLowerHex(hex)) {
      throw new OciFormatException(
          OciFormatException.Kind.DIGEST,
          "digest '"
              + algorithm.wireName()
              + ":"
              + hex
              + "' is invalid; "
              + algorithm.wireName()
              + " needs "
              + algorithm.hexLength()
              + " lower-case hex characters");
    }
  }

  /** Parses the wire form {@code algorithm:hex}. */
  public static Digest parse(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new OciFormatException(
          OciFormatException.Kind.DIGEST,
          "digest '" + value + "' is invalid; expected the form sha256:<64 hex characters>");
    }
    return new Digest(
        DigestAlgorithm.fromWireName(value.substring(0, colon)), value.substring(colon + 1));
  }

  /** Returns whether {@code value} has the shape of a digest (contains a colon), without validating it. */
  public static boolean looksLikeDigest(String value) {
    return value.indexOf(':') > 0;
  }

  /** Computes the digest of {@code bytes} with {@code algorithm}. */
  public static Digest of(DigestAlgorithm algorithm, byte[] bytes) {
    return fromHasher(algorithm, hasherOf(algorithm, bytes));
  }

  /** Computes the sha256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return of(DigestAlgorithm.SHA256, bytes);
  }

  /** Completes {@code hasher} and wraps its result; the hasher is reset afterwards. */
  public static Digest fromHasher(DigestAlgorithm algorithm, MessageDigest hasher) {
    return new Digest(algorithm, HEX.formatHex(hasher.digest()));
  }

  private static MessageDigest hasherOf(DigestAlgorithm algorithm, byte[] bytes) {
    MessageDigest hasher = algorithm.newHasher();
    hasher.update(bytes);
    return hasher;
  }

  private static boolean isLowerHex(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return algorithm.wireName() + ":" + hex;
  }
}
