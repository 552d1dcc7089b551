package dev.berth.auth.api;

import dev.berth.auth.NewSession;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;

/**
 * The session cookie: {@value #NAME}, {@code HttpOnly} so page scripts cannot read it, {@code
 * SameSite=Lax} so other sites' forms and scripts do not send it with writes, {@code Path=/} so the
 * web UI shares it, and {@code Secure} when the client uses HTTPS. The web UI reads and sets it
 * through these methods too, so both edges treat the cookie alike.
 */
public final class SessionCookie {

  public static final String NAME = "berth_session";

  private SessionCookie() {}

  /** Returns the session id the request carries, if any. */
  public static Optional<String> read(Request request) {
    for (HttpCookie cookie : Request.getCookies(request)) {
      if (cookie.getName().equals(NAME) && !cookie.getValue().isEmpty()) {
        return Optional.of(cookie.getValue());
      }
    }
    return Optional.empty();
  }

  /** Returns the {@code Set-Cookie} value that stores {@code session} until {@code lifetime}. */
  public static String set(NewSession session, Duration lifetime, boolean secure) {
    return NAME
        + "="
        + session.id()
        + "; Path=/; Max-Age="
        + lifetime.toSeconds()
        + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  /** Returns the {@code Set-Cookie} value that makes the browser drop the cookie. */
  public static String clear(boolean secure) {
    return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }
}
