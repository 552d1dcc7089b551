package dev.berth.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard on resolved addresses. A fixed resolver replaces DNS, so no test looks a name up
 * or connects anywhere.
 */
class UrlGuardTest {

  private static final long SEED = 20_261_205L;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.0.9",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.254",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.0.1",
        "100.64.0.1",
        "100.100.100.200",
        "224.0.0.1",
        "255.255.255.255",
        "198.18.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "64:ff9b::10.0.0.1",
        "2002:7f00:1::"
      })
  void blockedAddress_rejected(String literal) throws Exception {
    UrlGuard guard = guardResolving("hooks.example.net", literal);

    assertThatThrownBy(() -> guard.check(URI.create("https://hooks.example.net/x")))
        .isInstanceOf(WebhookException.class)
        .hasMessageContaining("hooks.example.net resolves to")
        .hasMessageContaining("webhooks.allowed_hosts")
        .satisfies(
            e ->
                assertThat(((WebhookException) e).kind()).isEqualTo(WebhookException.Kind.BLOCKED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.215.14",
        "8.8.8.8",
        "1.1.1.1",
        "2606:4700::1111",
        "172.32.0.1",
        "100.128.0.1"
      })
  void publicAddress_allowed(String literal) throws Exception {
    UrlGuard guard = guardResolving("hooks.example.net", literal);

    assertThat(guard.check(URI.create("https://hooks.example.net/x")))
        .containsExactly(InetAddress.getByName(literal));
  }

  @Test
  void oneBlockedAddressAmongPublic_rejected() throws Exception {
    UrlGuard guard =
        new UrlGuard(
            Set.of(),
            host -> List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1")));

    assertThatThrownBy(() -> guard.check(URI.create("http://mixed.example.net/")))
        .hasMessageContaining("resolves to 10.0.0.1, which is a private address");
  }

  @Test
  void allowListedHost_skipsAddressCheck() throws Exception {
    UrlGuard guard =
        new UrlGuard(
            Set.of("CI.Internal", "[::1]"),
            Map.of(
                    "ci.internal", List.of(InetAddress.getByName("10.0.0.5")),
                    "::1", List.of(InetAddress.getByName("::1")))
                ::get);

    assertThat(guard.check(URI.create("http://ci.internal:8080/hook")))
        .containsExactly(InetAddress.getByName("10.0.0.5"));
    assertThat(guard.check(URI.create("http://[::1]:8080/hook")))
        .containsExactly(InetAddress.getByName("::1"));
  }

  @Test
  void unresolvableHost_invalid() {
    UrlGuard guard =
        new UrlGuard(
            Set.of(),
            host -> {
              throw new UnknownHostException(host);
            });

    assertThatThrownBy(() -> guard.check(URI.create("http://nowhere.invalid/")))
        .hasMessage("host nowhere.invalid of the webhook URL does not resolve; check the spelling");
  }

  static Stream<Arguments> malformedUrls() {
    return Stream.of(
        Arguments.of("", "field 'url' is empty"),
        Arguments.of("ftp://hooks.example.net/x", "must use http or https, not 'ftp'"),
        Arguments.of("hooks.example.net/x", "must use http or https, not 'no scheme'"),
        Arguments.of("file:///etc/passwd", "must use http or https, not 'file'"),
        Arguments.of("https://user:pa55@hooks.example.net/x", "contains a user name or password"),
        Arguments.of("https:///x", "has no host"),
        Arguments.of("https://hooks.example.net/x#frag", "has a #fragment"),
        Arguments.of("https://hooks.example.net/a b", "is not a valid URL"),
        Arguments.of("https://hooks.example.net/" + "a".repeat(2000), "longer than 2000"));
  }

  @ParameterizedTest
  @MethodSource("malformedUrls")
  void malformedUrl_rejectedWithReason(String url, String reason) {
    assertThatThrownBy(() -> UrlGuard.parse(url))
        .isInstanceOf(WebhookException.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://0x7f.0.0.1:8080/",
        "http://127.1/",
        "http://2130706433/",
        "http://017700000001/",
        "http://203.0.113.07/",
        "http://256.0.0.1/",
        "http://127.0.0.1.1/"
      })
  void ambiguousNumericHost_rejected(String url) {
    String host = URI.create(url).getRawAuthority().replaceFirst(":[0-9]*$", "");
    assertThatThrownBy(() -> UrlGuard.parse(url))
        .isInstanceOf(WebhookException.class)
        .hasMessageContaining("numeric host " + host)
        .hasMessageContaining("dotted decimal without leading zeros");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://203.0.113.7/",
        "http://127.0.0.1:8080/",
        "http://0.0.0.0/",
        "https://cafe.de/",
        "https://1password.example/",
        "https://[::1]/"
      })
  void plainHost_accepted(String url) throws WebhookException {
    assertThat(UrlGuard.parse(url)).isEqualTo(URI.create(url));
  }

  /** Random addresses inside each blocked IPv4 range, also in their IPv4-mapped IPv6 form. */
  static Stream<Arguments> randomPrivateAddresses() {
    Random random = new Random(SEED);
    int[][] ranges = {
      {10, 8},
      {127, 8},
      {169 << 8 | 254, 16},
      {172 << 8 | 16, 12},
      {192 << 8 | 168, 16},
      {100 << 8 | 64, 10}
    };
    return IntStream.range(0, 60)
        .mapToObj(
            i -> {
              int[] range = ranges[i % ranges.length];
              int prefix = range[1];
              long network = prefix == 8 ? (long) range[0] << 24 : (long) range[0] << 16;
              long host = random.nextLong(1L << (32 - prefix));
              long address = network | host;
              String dotted =
                  (address >>> 24)
                      + "."
                      + ((address >>> 16) & 255)
                      + "."
                      + ((address >>> 8) & 255)
                      + "."
                      + (address & 255);
              return Arguments.of(i % 2 == 0 ? dotted : "::ffff:" + dotted);
            });
  }

  @ParameterizedTest
  @MethodSource("randomPrivateAddresses")
  void randomAddressInBlockedRange_rejected(String literal) throws Exception {
    assertThat(UrlGuard.blockedReason(InetAddress.getByName(literal))).isPresent();
  }

  private static UrlGuard guardResolving(String host, String literal) throws Exception {
    InetAddress address = InetAddress.getByName(literal);
    return new UrlGuard(
        Set.of(),
        name -> {
          if (!name.equals(host)) {
            throw new UnknownHostException(name);
          }
          return List.of(address);
        });
  }
}
