package dev.berth.auth.api;

/**
 * The rule for who may call a route. A web session may call every route, and PUBLIC routes need no
 * credentials at all. Personal access tokens (for scripts) reach only READ, MANAGE and
 * AUTHENTICATED routes, as far as their scope allows. Organization access tokens reach only
 * AUTHENTICATED routes, because the account services act as a user.
 *
 * <p>Routes that create or change credentials or administrator rights (access tokens, passwords,
 * two-factor authentication, user accounts) are SESSION routes: a leaked token must not be able to
 * mint further tokens, switch off the second factor or take over an account, so the owner's
 * revoking it is enough to shut the intruder out.
 */
public enum Access {
  /** Anyone, without credentials: login and the OpenAPI description. */
  PUBLIC,
  /**
   * Anyone; credentials are checked when sent, so the endpoint can show a signed-in caller more
   * (private repositories, for example). Invalid credentials are refused, never ignored.
   */
  OPTIONAL,
  /** Any session or access token, including organization tokens. */
  AUTHENTICATED,
  /** A session, or a personal token of scope {@code repo:read}, {@code repo:write} or more. */
  READ,
  /** A session, or a personal token of scope {@code repo:admin}. */
  MANAGE,
  /** A session only. */
  SESSION
}
