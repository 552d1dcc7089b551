package dev.berth.auth.api.json;

import org.jspecify.annotations.Nullable;

/** Request bodies of {@code /api/v2/users/...}. */
public final class UserBodies {

  private UserBodies() {}

  /** {@code POST /api/v2/users}: an administrator creates an account. */
  public record CreateUserRequest(
      @Nullable String username,
      @Nullable String email,
      @Nullable String password,
      @Nullable Boolean isAdmin) {
    @Override
    public String toString() {
      return "CreateUserRequest[username=" + username + ", password=***]";
    }
  }

  /** {@code PATCH /api/v2/users/{name}}: any subset of the three fields. */
  public record UpdateUserRequest(
      @Nullable String email, @Nullable Boolean disabled, @Nullable Boolean isAdmin) {}

  /**
   * {@code POST /api/v2/users/{name}/password} and {@code PUT /api/v2/users/me/password}. The
   * current password is required when users change their own.
   */
  public record PasswordRequest(@Nullable String currentPassword, @Nullable String newPassword) {
    @Override
    public String toString() {
      return "PasswordRequest[***]";
    }
  }
}
