package dev.berth.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Makes user names from failed logins safe to log. Clients sometimes swap the fields and send a
 * password or an access token as the user name, so only values shaped like a user name are
 * logged as they are.
 */
public final class LoggedNames {

  private static final Pattern USER_NAME = Pattern.compile("[a-z0-9]{1,30}");

  /** Returns {@code name} when it looks like a user name, else a placeholder. */
  public static String of(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (USER_NAME.matcher(lower).matches() && !lower.startsWith("bth")) {
      return lower;
    }
    return "(not a user name, not logged)";
  }

  private LoggedNames() {}
}
