package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @Test
  void parse_ipv4Cidr_containsOnlyItsAddresses() throws UnknownHostException {
    IpRange range = IpRange.parse("10.1.0.0/16");

    assertThat(range.contains(InetAddress.getByName("10.1.0.0"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("10.1.255.255"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("10.2.0.0"))).isFalse();
    assertThat(range.contains(InetAddress.getByName("::1"))).isFalse();
  }

  @Test
  void parse_ipv6Cidr_containsOnlyItsAddresses() throws UnknownHostException {
    IpRange range = IpRange.parse("fd00::/8");

    assertThat(range.contains(InetAddress.getByName("fd12:3456::1"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("fe80::1"))).isFalse();
    assertThat(range.contains(InetAddress.getByName("10.0.0.1"))).isFalse();
  }

  @Test
  void parse_singleAddress_isFullPrefix() throws UnknownHostException {
    IpRange range = IpRange.parse("192.168.1.7");

    assertThat(range.prefixLength()).isEqualTo(32);
    assertThat(range.contains(InetAddress.getByName("192.168.1.7"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("192.168.1.8"))).isFalse();
  }

  @Test
  void parse_zeroPrefix_containsEveryAddressOfFamily() throws UnknownHostException {
    IpRange range = IpRange.parse("0.0.0.0/0");

    assertThat(range.contains(InetAddress.getByName("203.0.113.9"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("::1"))).isFalse();
  }

  @Test
  void parse_oddPrefix_masksPartialByte() throws UnknownHostException {
    IpRange range = IpRange.parse("172.16.0.0/12");

    assertThat(range.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
  }

  @Test
  void toString_printsCidr() {
    assertThat(IpRange.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
    assertThat(IpRange.parse("::1")).hasToString("0:0:0:0:0:0:0:1/128");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10.0.0",
        "10.0.0.256",
        "10.0.0.0/",
        "10.0.0.0/+8",
        "10.0.0.0/8/8",
        "::1/129",
        "localhost",
        "1.2.3.4.5",
        "fe80::1%eth0",
        "[::1]",
        "gggg::1"
      })
  void parse_invalidText_throws(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpRange.parse(text))
        .withMessageStartingWith(ConfigBinder.quote(text));
  }

  @Test
  void constructor_hostBitsSet_throws() throws UnknownHostException {
    InetAddress address = InetAddress.getByName("10.0.0.1");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new IpRange(address, 8))
        .withMessage("10.0.0.1/8 has host bits set");
  }
}
