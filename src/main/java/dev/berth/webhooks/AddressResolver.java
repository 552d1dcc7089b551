package dev.berth.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses; tests give fixed answers instead of asking DNS. */
@FunctionalInterface
public interface AddressResolver {

  /** Resolves through the system resolver, which queries DNS. */
  AddressResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * Returns every address of {@code host}; an IP literal returns itself.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
