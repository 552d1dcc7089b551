package dev.berth.audit;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The request an audit event comes from: the client address and, once the caller is known to use
 * an access token, that token's id. The server sets it around each request, so services record the
 * address without passing it through every method, as SLF4J's MDC does for log lines. It lives in
 * a thread-local, which works because each request runs on its own virtual thread.
 */
public final class AuditOrigin {

  private static final ThreadLocal<AuditOrigin> CURRENT = new ThreadLocal<>();

  private final String clientAddress;
  private @Nullable String accessTokenId;

  private AuditOrigin(String clientAddress) {
    this.clientAddress = clientAddress;
  }

  /**
   * Runs {@code work} with {@code clientAddress} as the origin of every event it records, then
   * restores the origin before.
   */
  public static <T> T call(String clientAddress, Callable<T> work) throws Exception {
    AuditOrigin previous = CURRENT.get();
    CURRENT.set(new AuditOrigin(clientAddress));
    try {
      return work.call();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /**
   * Notes that the current request acts through the access token {@code tokenId}, so events of
   * its user are recorded with the actor kind {@code token}. Does nothing outside a request.
   */
  public static void useAccessToken(String tokenId) {
    AuditOrigin origin = CURRENT.get();
    if (origin != null) {
      origin.accessTokenId = tokenId;
    }
  }

  /** Returns the client address of the current request, or empty outside a request. */
  static String clientAddress() {
    AuditOrigin origin = CURRENT.get();
    return origin == null ? "" : origin.clientAddress;
  }

  /** Returns the access token of the current request, if it uses one. */
  static Optional<String> accessTokenId() {
    AuditOrigin origin = CURRENT.get();
    return origin == null ? Optional.empty() : Optional.ofNullable(origin.accessTokenId);
  }
}
