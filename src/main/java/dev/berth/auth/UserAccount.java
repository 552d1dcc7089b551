package dev.berth.auth;

import java.time.Instant;

/**
 * A user as other rooms see it, without the password hash or the TOTP secret.
 *
 * @param username the user's name, which is also their namespace
 * @param email the e-mail address, lower-cased
 * @param administrator whether the user administers this Berth
 * @param disabled whether an administrator disabled the account, which rejects every login and
 *     every token the user owns
 * @param twoFactorEnabled whether a confirmed TOTP authenticator is required at login
 * @param createdAt when the account was created
 */
public record UserAccount(
    String username,
    String email,
    boolean administrator,
    boolean disabled,
    boolean twoFactorEnabled,
    Instant createdAt) {}
