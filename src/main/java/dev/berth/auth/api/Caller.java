package dev.berth.auth.api;

import dev.berth.auth.Principal;
import dev.berth.auth.Session;

/** The checked credentials of one API request. */
sealed interface Caller {

  /** No credentials were sent. */
  record Anonymous() implements Caller {}

  /**
   * A browser or script with a session cookie.
   *
   * @param session the live session, whose user is the acting user
   */
  record SessionUser(Session session) implements Caller {}

  /**
   * A script with {@code Authorization: Bearer} and an access token.
   *
   * @param token the token's principal: a personal token acts as its owner within its scope
   */
  record TokenUser(Principal.Token token) implements Caller {}
}
