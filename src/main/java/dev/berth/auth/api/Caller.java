package dev.berth.auth.api;

import dev.berth.auth.Principal;
import dev.berth.auth.Session;

/** The checked credentials of one API request. */
public sealed interface Caller {

  /** No credentials were sent. */
  public record Anonymous() implements Caller {}

  /**
   * A browser or script with a session cookie.
   *
   * @param session the live session, whose user is the acting user
   */
  public record SessionUser(Session session) implements Caller {}

  /**
   * A script with {@code Authorization: Bearer} and an access token.
   *
   * @param token the token's principal: a personal token acts as its owner within its scope
   */
  public record TokenUser(Principal.Token token) implements Caller {}
}
