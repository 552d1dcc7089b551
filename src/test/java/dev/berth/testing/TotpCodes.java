package dev.berth.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;

/**
 * Computes TOTP codes as an authenticator app does (RFC 6238 with its defaults: HMAC-SHA1, 30 s
 * steps, 6 digits), so tests can enrol and log in with a second factor.
 */
public final class TotpCodes {

  private static final Duration STEP = Duration.ofSeconds(30);
  private static final int DIGITS = 6;

  private TotpCodes() {}

  /** Returns the code for the step that contains {@code time}. */
  public static String at(String base32Secret, Instant time) {
    return forStep(base32Secret, time.getEpochSecond() / STEP.toSeconds());
  }

  /** Returns the code for the step after the one that contains {@code time}. */
  public static String next(String base32Secret, Instant time) {
    return forStep(base32Secret, time.getEpochSecond() / STEP.toSeconds() + 1);
  }

  private static String forStep(String base32Secret, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(Base32.decode(base32Secret), "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());

      // Dynamic truncation (RFC 4226, section 5.3): 31 bits from the offset in the last nibble.
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ByteBuffer.wrap(hash, offset, Integer.BYTES).getInt() & 0x7fffffff;
      int code = binary % (int) Math.pow(10, DIGITS);
      return String.format("%0" + DIGITS + "d", code);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime provides HmacSHA1", e);
    }
  }
}
