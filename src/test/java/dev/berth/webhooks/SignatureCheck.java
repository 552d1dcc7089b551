package dev.berth.webhooks;

import dev.berth.testing.WebhookReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Berth-Signature} with the steps the README gives receivers. It is written apart
 * from Berth's signing code, so a mistake there cannot hide.
 */
final class SignatureCheck {

  private SignatureCheck() {}

  static boolean verify(String secret, Received delivery) throws Exception {
    String timestamp = null;
    String signature = null;
    for (String part : delivery.header("X-Berth-Signature").split(",")) {
      if (part.startsWith("t=")) {
        timestamp = part.substring(2);
      } else if (part.startsWith("v1=")) {
        signature = part.substring(3);
      }
    }
    if (timestamp == null || signature == null) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = mac.doFinal(delivery.body());
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
  }
}
