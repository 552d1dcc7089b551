package dev.berth.server.config;

import java.util.regex.Pattern;

/**
 * A listening address such as {@code 127.0.0.1:5000} or {@code [::1]:5000}; port 0 picks a free
 * port.
 *
 * @param host a host name or IP address literal, without brackets
 * @param port the TCP port, 0 to 65535
 */
public record HostPort(String host, int port) {

  private static final Pattern PORT = Pattern.compile("\\d{1,5}");
  private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");

  /** A DNS label: letters, digits and inner hyphens, 63 characters at most. */
  private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

  private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

  public HostPort {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("listen host is empty; use an address such as 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listen port " + port + " is out of range 0-65535");
    }
  }

  /**
   * Parses {@code HOST:PORT}, with IPv6 literals in brackets. The host is checked for syntax only
   * and never looked up in DNS.
   *
   * @throws IllegalArgumentException when {@code value} is not in that form, with a message that
   *     shows the value and the fix
   */
  public static HostPort parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(value)
              + " is not HOST:PORT; use an address such as 127.0.0.1:5000, 0.0.0.0:5000 or"
              + " [::]:5000");
    }
    String host = value.substring(0, colon);
    String portText = value.substring(colon + 1);
    if (!PORT.matcher(portText).matches() || Integer.parseInt(portText) > 65535) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(value) + " has an invalid port; use a number from 0 to 65535");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(value)
              + " has an IPv6 address without brackets; write it as ["
              + host
              + "]:"
              + portText);
    }
    if (!isValidHost(host)) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(value)
              + " has an invalid host; use an IP address or host name, such as 127.0.0.1,"
              + " 0.0.0.0 or [::]");
    }
    return new HostPort(host, Integer.parseInt(portText));
  }

  private static boolean isValidHost(String host) {
    if (host.contains("/")) {
      return false;
    }
    if (host.contains(":") || IPV4_LIKE.matcher(host).matches()) {
      try {
        IpRange.parse(host);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return HOST_NAME.matcher(host).matches();
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
