package dev.berth.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Berth-Signature} header: {@code t=TIMESTAMP,v1=HEX}, where TIMESTAMP is the Unix
 * time in seconds when the attempt was sent and HEX is the lower-case HMAC-SHA256, keyed with the
 * webhook's secret as UTF-8, of the ASCII timestamp, a dot and the exact body bytes. Signing the
 * timestamp lets a receiver reject replays of old deliveries.
 */
public final class DeliverySignature {

  /** The header name. */
  public static final String HEADER = "X-Berth-Signature";

  private DeliverySignature() {}

  /** Returns the header value for {@code body} sent at {@code epochSeconds}. */
  public static String header(String secret, long epochSeconds, byte[] body) {
    return "t=" + epochSeconds + ",v1=" + hex(secret, epochSeconds, body);
  }

  /** Returns the hex HMAC-SHA256 of {@code epochSeconds + "." + body} keyed with {@code secret}. */
  public static String hex(String secret, long epochSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
