package dev.berth.auth.api.json;

import org.jspecify.annotations.Nullable;

/**
 * A user. Every signed-in caller gets the public fields. For the user themself and for
 * administrators, {@code email}, {@code is_admin}, {@code disabled} and {@code two_factor_enabled}
 * are filled in too; for others they are null.
 *
 * @param username the user's name, also their namespace
 * @param type always {@code User}, as in Docker Hub
 * @param dateJoined when the account was created (RFC 3339)
 */
public record UserJson(
    String username,
    String type,
    String dateJoined,
    @Nullable String email,
    @Nullable Boolean isAdmin,
    @Nullable Boolean disabled,
    @Nullable Boolean twoFactorEnabled) {}
