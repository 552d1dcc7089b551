package dev.berth.server.config;

/**
 * A listening address such as {@code 127.0.0.1:5000} or {@code [::1]:5000}; port 0 picks a free
 * port.
 *
 * @param host a host name or IP address literal, without brackets
 * @param port the TCP port, 0 to 65535
 */
public record HostPort(String host, int port) {

  public HostPort {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("listen host is empty; use an address such as 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listen port " + port + " is out of range 0-65535");
    }
  }

  /** Parses {@code HOST:PORT}, with IPv6 literals in brackets. */
  public static HostPort parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(
          "listen address '" + value + "' is invalid; use HOST:PORT such as 127.0.0.1:5000");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "listen address '" + value + "' is invalid; write IPv6 addresses in brackets, as [::1]:5000");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "listen address '" + value + "' has an invalid port; use a number from 0 to 65535");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
