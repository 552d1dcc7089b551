package dev.berth.server;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address range such as {@code 10.0.0.0/8}; a bare address is a range of one.
 *
 * @param network the network address bytes
 * @param prefixLength the number of leading bits that must match
 */
record Cidr(byte[] network, int prefixLength) {

  static Cidr parse(String value) {
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    byte[] bytes = literal(address, value);
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException(
            "trusted proxy '" + value + "' has an invalid prefix length; use 0 to " + bytes.length * 8);
      }
    }
    return new Cidr(bytes, prefix);
  }

  boolean contains(String address) {
    byte[] candidate;
    try {
      candidate = literal(address, address);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (candidate.length != network.length) {
      return false;
    }
    int shift = network.length * 8 - prefixLength;
    return new BigInteger(1, candidate).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
  }

  private static byte[] literal(String address, String original) {
    String bare = address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1) : address;
    boolean looksLiteral = bare.contains(":") || bare.matches("[0-9.]+");
    if (!looksLiteral) {
      throw new IllegalArgumentException(
          "trusted proxy '" + original + "' is not an IP address or CIDR range such as 10.0.0.0/8");
    }
    try {
      return InetAddress.getByName(bare).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "trusted proxy '" + original + "' is not an IP address or CIDR range such as 10.0.0.0/8");
    }
  }
}
