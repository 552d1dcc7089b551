package dev.berth.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation, such as {@code 10.0.0.0/8} or {@code fd00::/8}. A
 * single address is a range with the full prefix length.
 *
 * @param network the first address of the range, with every host bit zero
 * @param prefixLength the number of leading bits shared by every address in the range
 */
public record IpRange(InetAddress network, int prefixLength) {

  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  public IpRange {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length "
              + prefixLength
              + " is out of range 0-"
              + bits
              + " for "
              + network.getHostAddress());
    }
    if (!masked(network, prefixLength).equals(network)) {
      throw new IllegalArgumentException(
          network.getHostAddress() + "/" + prefixLength + " has host bits set");
    }
  }

  /**
   * Parses an IP address literal or a CIDR range. It never looks a name up in DNS.
   *
   * @throws IllegalArgumentException when {@code text} is neither, with a message that shows the
   *     text and the fix
   */
  public static IpRange parse(String text) {
    String value = text.strip();
    int slash = value.indexOf('/');
    String addressText = slash < 0 ? value : value.substring(0, slash);
    InetAddress address = parseAddress(addressText, text);
    int bits = address.getAddress().length * 8;
    if (slash < 0) {
      return new IpRange(address, bits);
    }

    String prefixText = value.substring(slash + 1);
    int prefix;
    try {
      prefix = Integer.parseInt(prefixText);
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > bits || !prefixText.matches("\\d{1,3}")) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(text)
              + " has an invalid prefix length; use a number from 0 to "
              + bits
              + " after the slash, such as "
              + (bits == 32 ? "10.0.0.0/8" : "fd00::/8"));
    }
    InetAddress network = masked(address, prefix);
    if (!network.equals(address)) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(text)
              + " has host bits set; use "
              + network.getHostAddress()
              + "/"
              + prefix);
    }
    return new IpRange(network, prefix);
  }

  /**
   * Returns whether {@code address} is in this range. An IPv6 address is never in an IPv4 range.
   */
  public boolean contains(InetAddress address) {
    if (address.getAddress().length != network.getAddress().length) {
      return false;
    }
    return masked(address, prefixLength).equals(network);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }

  private static InetAddress parseAddress(String addressText, String original) {
    IllegalArgumentException invalid =
        new IllegalArgumentException(
            ConfigBinder.quote(original)
                + " is not an IP address or CIDR range; use a form such as 10.0.0.1,"
                + " 10.0.0.0/8 or fd00::/8");
    try {
      if (addressText.contains(":") && !addressText.contains("%")) {
        // Brackets make InetAddress parse an IPv6 literal and never fall back to a DNS lookup.
        return InetAddress.getByName("[" + addressText + "]");
      }
      Matcher matcher = IPV4.matcher(addressText);
      if (!matcher.matches()) {
        throw invalid;
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(matcher.group(i + 1));
        if (octet > 255) {
          throw invalid;
        }
        bytes[i] = (byte) octet;
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      invalid.initCause(e);
      throw invalid;
    }
  }

  /** Returns {@code address} with every bit after the first {@code prefixLength} cleared. */
  private static InetAddress masked(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keptBits = Math.clamp(prefixLength - i * 8L, 0, 8);
      bytes[i] &= (byte) (0xff << (8 - keptBits));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + bytes.length + " bytes rejected", e);
    }
  }
}
