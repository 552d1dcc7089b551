package dev.berth.server;

import dev.berth.audit.AuditOrigin;
import dev.berth.auth.TokenEndpoint;
import dev.berth.server.config.IpRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Works out the client's address for login throttling, token bookkeeping and the audit log. When the connection
 * comes from a trusted proxy, the client is the right-most address in {@code X-Forwarded-For}
 * that is not itself a trusted proxy; otherwise it is the connection's peer. Headers from
 * untrusted peers are ignored, so a client cannot pick the address it is throttled under.
 */
final class ClientAddressHandler extends Handler.Wrapper {

  private final List<IpRange> trustedProxies;

  ClientAddressHandler(Handler next, List<String> trustedProxies) {
    super(next);
    this.trustedProxies = trustedProxies.stream().map(IpRange::parse).toList();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!trustedProxies.isEmpty()
        && request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress peer
        && peer.getAddress() != null
        && isTrusted(peer.getAddress())) {
      InetAddress client = forwardedClient(request.getHeaders().getValuesList("X-Forwarded-For"));
      if (client != null) {
        request.setAttribute(TokenEndpoint.CLIENT_ADDRESS_ATTRIBUTE, client);
      }
    }
    // Blocking handlers run to the end on this virtual thread, so the origin covers their work.
    return AuditOrigin.call(
        TokenEndpoint.clientAddress(request).getHostAddress(),
        () -> super.handle(request, response, callback));
  }

  /** Returns the right-most untrusted address of the header values, or null when there is none. */
  private InetAddress forwardedClient(List<String> headerValues) {
    String[] hops = String.join(",", headerValues).split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = literal(hops[i].trim());
      if (hop == null) {
        return null;
      }
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return null;
  }

  private boolean isTrusted(InetAddress address) {
    return trustedProxies.stream().anyMatch(range -> range.contains(address));
  }

  /** Parses an IP literal without a DNS lookup; returns null for anything else. */
  private static InetAddress literal(String text) {
    String bare = text.startsWith("[") && text.contains("]") ? text.substring(1, text.indexOf(']')) : text;
    boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
    if (!ipv4 && !ipv6) {
      return null;
    }
    try {
      return InetAddress.getByName(bare);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
