package dev.berth.auth;

import java.util.Optional;

/**
 * The outcome of {@link Accounts#bootstrapAdmin}. {@link #toString()} hides the password.
 *
 * @param created whether the {@code admin} user was created now; false when users already existed
 * @param generatedPassword the password Berth chose for {@code admin}, present only when it was
 *     created without a password from the environment; show it once on the console, never log it
 */
public record AdminBootstrap(boolean created, Optional<String> generatedPassword) {

  @Override
  public String toString() {
    return "AdminBootstrap[created="
        + created
        + ", generatedPassword="
        + (generatedPassword.isPresent() ? "***" : "none")
        + "]";
  }
}
