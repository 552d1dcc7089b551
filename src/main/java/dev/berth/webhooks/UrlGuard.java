package dev.berth.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Guards against server-side request forgery: a webhook URL must be absolute {@code http} or {@code
 * https} without credentials, and every address its host resolves to must be public. A host the
 * administrator listed in {@code webhooks.allowed_hosts} skips the address check. The check runs
 * when a webhook is created or changed and again before every delivery, because DNS records change.
 * The delivery then connects to exactly the addresses checked here. Thread-safe.
 */
public final class UrlGuard {

  /** Longer URLs are rejected; no receiver needs more. */
  static final int MAX_URL_LENGTH = 2000;

  /** Ranges that {@link InetAddress}'s own predicates miss, as address bytes and prefix length. */
  private static final List<Range> BLOCKED_RANGES =
      List.of(
          Range.of("0.0.0.0", 8, "reserved for this network"),
          Range.of("100.64.0.0", 10, "shared carrier-grade NAT space"),
          Range.of("192.0.0.0", 24, "reserved for IETF protocol assignments"),
          Range.of("192.0.2.0", 24, "reserved for documentation"),
          Range.of("198.18.0.0", 15, "reserved for benchmarking"),
          Range.of("198.51.100.0", 24, "reserved for documentation"),
          Range.of("203.0.113.0", 24, "reserved for documentation"),
          Range.of("240.0.0.0", 4, "reserved"),
          Range.of("fc00::", 7, "a unique local address"),
          Range.of("2001:db8::", 32, "reserved for documentation"),
          Range.of("100::", 64, "a discard-only address"));

  private final Set<String> allowedHosts;
  private final AddressResolver resolver;

  /**
   * @param allowedHosts host names and IP literals whose addresses are not checked, compared
   *     case-insensitively with the URL's host
   */
  public UrlGuard(Set<String> allowedHosts, AddressResolver resolver) {
    this.allowedHosts =
        allowedHosts.stream().map(UrlGuard::normalizeHost).collect(Collectors.toUnmodifiableSet());
    this.resolver = resolver;
  }

  /**
   * Parses and checks the form of a webhook URL, without looking up its host.
   *
   * @throws WebhookException INVALID naming the URL and the fix
   */
  public static URI parse(String text) throws WebhookException {
    if (text.isBlank()) {
      throw WebhookException.invalid("field 'url' is empty; give an http:// or https:// URL");
    }
    if (text.length() > MAX_URL_LENGTH) {
      throw WebhookException.invalid(
          "field 'url' is longer than " + MAX_URL_LENGTH + " characters; use a shorter URL");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw WebhookException.invalid(
          "field 'url' is not a valid URL ("
              + e.getReason()
              + "); give an http:// or https:// URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw WebhookException.invalid(
          "field 'url' must use http or https, not '"
              + (scheme.isEmpty() ? "no scheme" : scheme)
              + "'; give a URL such as https://hooks.example.com/berth");
    }
    if (uri.getRawUserInfo() != null) {
      // Only the host is shown, so the credentials in the rejected URL stay out of the reply.
      throw WebhookException.invalid(
          "field 'url' contains a user name or password before the host "
              + uri.getHost()
              + "; remove them and verify deliveries with the signature header instead");
    }
    rejectAmbiguousNumericHost(uri);
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw WebhookException.invalid(
          "field 'url' has no host; give a URL such as https://hooks.example.com/berth");
    }
    if (uri.getRawFragment() != null) {
      throw WebhookException.invalid("field 'url' has a #fragment; remove it");
    }
    return uri;
  }

  /**
   * Rejects numeric hosts that are not plain dotted decimal, such as {@code 0177.0.0.1}, {@code
   * 0x7f.1}, {@code 127.1} or {@code 2130706433}. Java reads {@code 0177} as 177 while curl and
   * {@code inet_aton} read it as octal 127, so the checked address and the reached one could
   * differ. A host counts as numeric when every dot-separated label is decimal digits or {@code
   * 0x} and hex digits.
   */
  private static void rejectAmbiguousNumericHost(URI uri) throws WebhookException {
    String authority = uri.getRawAuthority();
    if (authority == null || authority.startsWith("[")) {
      return;
    }
    String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":[0-9]*$", "");
    String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (trimmed.isEmpty() || !NUMERIC_HOST.matcher(trimmed).matches()) {
      return;
    }
    if (!DOTTED_DECIMAL.matcher(trimmed).matches()) {
      throw WebhookException.invalid(
          "field 'url' has the numeric host "
              + host
              + ", which programs read as different addresses; write the IPv4 address in dotted"
              + " decimal without leading zeros, such as 203.0.113.7");
    }
  }

  /** Labels of only decimal digits or {@code 0x} and hex digits, separated by dots. */
  private static final Pattern NUMERIC_HOST =
      Pattern.compile("(?:[0-9]+|0[xX][0-9a-fA-F]*)(?:\\.(?:[0-9]+|0[xX][0-9a-fA-F]*))*");

  /** Four decimal octets from 0 to 255, none with a leading zero. */
  private static final Pattern DOTTED_DECIMAL =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])\\.){3}"
              + "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])");

  /**
   * Resolves the URL's host and returns its addresses, all of which may be connected to.
   *
   * @throws WebhookException INVALID when the host does not resolve, or BLOCKED when an address is
   *     loopback, private, link-local or otherwise not public and the host is not allow-listed
   */
  public List<InetAddress> check(URI url) throws WebhookException {
    // Webhooks stored before numeric hosts were checked at creation are stopped here.
    rejectAmbiguousNumericHost(url);
    String host = normalizeHost(url.getHost());
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw WebhookException.invalid(
          "host " + host + " of the webhook URL does not resolve; check the spelling");
    }
    if (addresses.isEmpty()) {
      throw WebhookException.invalid(
          "host " + host + " of the webhook URL has no addresses; check the spelling");
    }
    if (allowedHosts.contains(host)) {
      return List.copyOf(addresses);
    }
    for (InetAddress address : addresses) {
      Optional<String> reason = blockedReason(address);
      if (reason.isPresent()) {
        throw WebhookException.blocked(
            "webhook host "
                + host
                + " resolves to "
                + address.getHostAddress()
                + ", which is "
                + reason.get()
                + "; webhooks may only reach public addresses unless an administrator adds the"
                + " host to webhooks.allowed_hosts");
      }
    }
    return List.copyOf(addresses);
  }

  /**
   * Returns why {@code address} must not be reached, or empty when it is a public address. An IPv6
   * address that embeds an IPv4 address (IPv4-compatible, IPv4-mapped, NAT64 or 6to4) is judged by
   * the embedded one.
   */
  static Optional<String> blockedReason(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return Optional.of("the unspecified address");
    }
    if (address.isLoopbackAddress()) {
      return Optional.of("a loopback address");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("a link-local address, where cloud metadata services live");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("a private address");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("a multicast address");
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address && (bytes[0] & 0xff) == 255) {
      return Optional.of("a broadcast address");
    }
    for (Range range : BLOCKED_RANGES) {
      if (range.contains(bytes)) {
        return Optional.of(range.reason());
      }
    }
    if (address instanceof Inet6Address) {
      Optional<InetAddress> embedded = embeddedIpv4(bytes);
      if (embedded.isPresent()) {
        return blockedReason(embedded.get()).map(reason -> reason + " (embedded in IPv6)");
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the IPv4 address inside ::a.b.c.d, ::ffff:a.b.c.d, 64:ff9b::a.b.c.d or
   * 2002:aabb:ccdd::/48.
   */
  private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
    boolean compatible = true;
    for (int i = 0; i < 12; i++) {
      compatible &= v6[i] == 0;
    }
    boolean mapped = v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    for (int i = 0; mapped && i < 10; i++) {
      mapped = v6[i] == 0;
    }
    boolean nat64 = v6[0] == 0 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = v6[i] == 0;
    }
    byte[] v4 = new byte[4];
    if (compatible || mapped || nat64) {
      System.arraycopy(v6, 12, v4, 0, 4);
    } else if (v6[0] == 0x20 && v6[1] == 0x02) {
      System.arraycopy(v6, 2, v4, 0, 4);
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  /** Lower-cases a host and strips the brackets of an IPv6 literal. */
  static String normalizeHost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[") && lower.endsWith("]")) {
      return lower.substring(1, lower.length() - 1);
    }
    return lower;
  }

  private record Range(byte[] network, int prefixLength, String reason) {

    static Range of(String literal, int prefixLength, String reason) {
      try {
        // Literals only, so this never queries DNS.
        return new Range(InetAddress.getByName(literal).getAddress(), prefixLength, reason);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("bad range literal " + literal, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefixLength; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
