package dev.berth.hub.ratelimit;

import dev.berth.auth.TokenEndpoint;
import dev.berth.registry.RegistryAccess;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * Works out whom a request's pulls count for, from the attributes the server sets: the caller's
 * account and administrator flag from {@link RegistryAccess}, and the client address, which
 * honours {@code X-Forwarded-For} only from trusted proxies.
 */
final class SubjectResolver {

  /** Bytes of an IPv6 address that name its /64 network. */
  private static final int IPV6_NETWORK_BYTES = 8;

  private final RateLimitSettings settings;
  private final AccountOverrides overrides;

  SubjectResolver(RateLimitSettings settings, AccountOverrides overrides) {
    this.settings = settings;
    this.overrides = overrides;
  }

  PullSubject resolve(Request request) {
    RegistryAccess access = RegistryAccess.of(request);
    InetAddress address = TokenEndpoint.clientAddress(request);
    Optional<String> account = access.actor();
    if (account.isPresent()) {
      String name = account.get();
      Quota quota =
          overrides
              .quotaOf(name)
              .orElseGet(() -> settings.overrides().getOrDefault(name, settings.authenticated()));
      if (access.administrator() || settings.unlimitedAddress().test(address)) {
        quota = Quota.unlimited();
      }
      return new PullSubject("account:" + name, name, false, quota);
    }

    String network = countedNetwork(address);
    Quota quota =
        settings.unlimitedAddress().test(address) ? Quota.unlimited() : settings.anonymous();
    return new PullSubject("address:" + network, network, true, quota);
  }

  /**
   * Returns the address anonymous pulls are counted under: an IPv4 address itself, and the /64
   * network of an IPv6 address, because one IPv6 host usually owns a whole /64 and could
   * otherwise pick a fresh address for every pull.
   */
  static String countedNetwork(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
    Arrays.fill(bytes, IPV6_NETWORK_BYTES, bytes.length, (byte) 0);
    try {
      return compressed(InetAddress.getByAddress(bytes).getHostAddress()) + "/64";
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are always a valid IPv6 address", e);
    }
  }

  /** Shortens Java's {@code 2001:db8:0:0:0:0:0:0} to {@code 2001:db8::}. */
  private static String compressed(String full) {
    return full.replaceFirst("(^|:)(0(:|$)){2,8}", "::");
  }
}
