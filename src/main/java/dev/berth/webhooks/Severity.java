package dev.berth.webhooks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Vulnerability severities, lowest first. A {@code vulnerabilities_found} webhook names the lowest
 * severity it wants to hear about.
 */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** Returns the name used in the API, such as {@code high}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the severity named {@code name} in lower case, if it is one. */
  public static Optional<Severity> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return wireName();
  }
}
