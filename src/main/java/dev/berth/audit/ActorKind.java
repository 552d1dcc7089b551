package dev.berth.audit;

import java.util.Locale;

/** The kind of caller behind an audit event, stored in lower case. */
public enum ActorKind {
  /** A user with a password or a web session. */
  USER,
  /** A script with a personal or organization access token. */
  TOKEN,
  /** A caller without credentials. */
  ANONYMOUS,
  /** Berth itself or its command line, with no request behind it. */
  SYSTEM;

  /** Returns the stored form, such as {@code user}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ActorKind fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
