package dev.berth.audit;

import java.util.Locale;

/** Whether the recorded action succeeded; stored in lower case. */
public enum AuditOutcome {
  SUCCESS,
  FAILURE;

  /** Returns the stored form, such as {@code success}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static AuditOutcome fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
