/**
 * Who may do what: accounts (users, organizations, teams), passwords, access tokens, two-factor
 * authentication, login throttling, the registry token service and the one {@link
 * dev.berth.auth.Authorizer} every room asks.
 *
 * <p>{@link dev.berth.auth.Accounts} wires the room over one database and hands out its services.
 */
@NullMarked
package dev.berth.auth;

import org.jspecify.annotations.NullMarked;
